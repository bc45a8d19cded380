import { Error } from '../core/error.js';
import { logger } from '../core/logger.js';

/** How a library server reports its bind: an Error now, then listening or not a moment later. */
export interface ListenProbe {
  start(): Error;
  isListening(): boolean;
  localPort(): number;
}

const REASONS: Record<string, string> = {
  EADDRINUSE: 'the port is already in use',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'that address is not on this machine',
};

/**
 * Starts a server and waits (at most 3 s) until it is bound or has failed. The library's own
 * log lines about the bind are held back; a failure becomes one line: "cannot listen on
 * 127.0.0.1:9080: the port is already in use". Returns null when listening.
 */
export async function listenOrReason(probe: ListenProbe, where: string): Promise<string | null> {
  const held: string[] = [];
  const previous = logger.setSink((_level, message) => held.push(message));
  try {
    const err = probe.start();
    const deadline = Date.now() + 3000;
    // (Servers that wrap a TCPServer may not notice its failure: its log line tells.)
    const failed = () => held.some((m) => m.includes('cannot listen'));
    while (err === Error.OK && probe.isListening() && probe.localPort() === 0 && !failed()) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (err === Error.OK && probe.isListening() && probe.localPort() > 0 && !failed()) return null;
    // Node names the cause a tick after a synchronous failure.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const code = held.join(' ').match(/\b(E[A-Z]{3,})\b/)?.[1];
    const why = code ? (REASONS[code] ?? code) : `error ${err === Error.OK ? Error.FAILED : err}`;
    return `cannot listen on ${where}: ${why}`;
  } finally {
    logger.setSink(previous);
  }
}
