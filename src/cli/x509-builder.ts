/**
 * A minimal X.509 v3 certificate builder (RFC 5280) for self-signed test certificates: Node
 * has no API to make certificates, and this keeps `godot-ws cert` free of the `openssl` CLI
 * (Windows has none). DER encoding per ITU-T X.690; RSA keys, sha256WithRSAEncryption.
 */

import { type KeyObject, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';

const OID = {
  sha256WithRSA: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

/** One DER TLV: tag, definite length, contents (X.690 §8.1). */
function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(contents);
  const n = body.length;
  let length: number[];
  if (n < 0x80) length = [n];
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    length = [0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Uint8Array.of(tag, ...length), body]);
}

const seq = (...items: Uint8Array[]) => tlv(0x30, ...items);
const explicit = (n: number, item: Uint8Array) => tlv(0xa0 + n, item);

function oid(dotted: string): Uint8Array {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
      chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** A positive INTEGER from big-endian bytes (a 0x00 is prefixed when the top bit is set). */
function integer(bytes: Uint8Array): Uint8Array {
  return tlv(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Uint8Array.of(0), bytes]) : bytes);
}

/** UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(date: Date): Uint8Array {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDhhmmss
  const year = date.getUTCFullYear();
  return year < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

function name(commonName: string): Uint8Array {
  return seq(tlv(0x31, seq(oid(OID.commonName), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  const flag = critical ? [tlv(0x01, Uint8Array.of(0xff))] : [];
  return seq(oid(id), ...flag, tlv(0x04, value));
}

/** subjectAltName entries: dNSName [2] for names, iPAddress [7] for IPv4/IPv6 literals. */
function altNames(hosts: readonly string[]): Uint8Array {
  return seq(
    ...hosts.map((host) => {
      const family = isIP(host);
      if (family === 4) return tlv(0x87, Uint8Array.from(host.split('.').map(Number)));
      if (family === 6) return tlv(0x87, ipv6Bytes(host));
      return tlv(0x82, Buffer.from(host, 'ascii'));
    }),
  );
}

function ipv6Bytes(address: string): Uint8Array {
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = Number.parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
}

/** What goes into a self-signed server certificate. */
export interface SelfSignedOptions {
  /** Subject common name (the first host). */
  commonName: string;
  /** DNS names and IP literals the certificate is valid for. */
  hosts: readonly string[];
  days: number;
  /** An RSA key pair. */
  privateKey: KeyObject;
  publicKey: KeyObject;
  now?: Date;
}

/**
 * A self-signed X.509 v3 certificate in DER: serial 16 random bytes; subject = issuer =
 * CN=commonName; valid from an hour ago for `days`; subjectAltName = hosts; basicConstraints
 * CA:TRUE (so it can be its own trust anchor); keyUsage digitalSignature, keyEncipherment,
 * keyCertSign; extKeyUsage serverAuth.
 */
export function buildSelfSignedCertificate(options: SelfSignedOptions): Uint8Array {
  const now = options.now ?? new Date();
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive, no leading zero byte
  const algorithm = seq(oid(OID.sha256WithRSA), tlv(0x05));
  const notBefore = new Date(now.getTime() - 3600_000);
  const notAfter = new Date(now.getTime() + options.days * 86400_000);
  const spki = options.publicKey.export({ type: 'spki', format: 'der' });
  const extensions = seq(
    extension(OID.basicConstraints, true, seq(tlv(0x01, Uint8Array.of(0xff)))),
    // keyUsage bits: digitalSignature (0), keyEncipherment (2), keyCertSign (5) → 1010 0100
    extension(OID.keyUsage, true, tlv(0x03, Uint8Array.of(0x02, 0xa4))),
    extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
    extension(OID.subjectAltName, false, altNames(options.hosts)),
  );
  const tbs = seq(
    explicit(0, integer(Uint8Array.of(2))),
    integer(serial),
    algorithm,
    name(options.commonName),
    seq(time(notBefore), time(notAfter)),
    name(options.commonName),
    spki,
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, options.privateKey);
  return seq(tbs, algorithm, tlv(0x03, Uint8Array.of(0), signature));
}

/** DER bytes as a PEM block. */
export function toPem(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}
