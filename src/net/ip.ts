import { isIP } from 'node:net';

/** Strips `[` `]` around an IPv6 literal (`[::1]` → `::1`); other text is returned unchanged. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** True for an IPv4 or IPv6 literal (brackets allowed around IPv6). */
export function isIpAddress(host: string): boolean {
  return isIP(unbracket(host)) !== 0;
}

/**
 * The address as Godot prints it: IPv4-mapped IPv6 (`::ffff:127.0.0.1`, seen on dual-stack
 * sockets) becomes plain IPv4; anything else is returned as is ('' for undefined).
 */
export function displayAddress(address: string | undefined): string {
  if (address === undefined) return '';
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:') && isIP(address.slice(7)) === 4) return address.slice(7);
  return address;
}

/** A TCP port number Godot accepts: an integer in [min, 65535]. */
export function isValidPort(port: number, min: number): boolean {
  return Number.isInteger(port) && port >= min && port <= 65535;
}
