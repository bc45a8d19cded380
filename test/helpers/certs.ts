import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One key + certificate pair written by `makeTestCerts`. */
export interface CertPair {
  keyPath: string;
  certPath: string;
  keyPem: string;
  certPem: string;
}

/** Certificates generated at test time with the `openssl` CLI (EC P-256, valid 2 days). */
export interface TestCerts {
  dir: string;
  /** The test CA (self-signed); trust it with `TLSOptions.client(ca)`. */
  ca: CertPair;
  /** Signed by `ca` for DNS:localhost, IP:127.0.0.1, IP:::1. */
  server: CertPair;
  /** `server.certPem` followed by `ca.certPem` (a two-certificate chain). */
  serverChainPath: string;
  serverChainPem: string;
  /** Signed by `ca` for DNS:other.test only (for host-name mismatch / commonNameOverride). */
  other: CertPair;
  /** A self-signed certificate for localhost that no CA vouches for. */
  selfSigned: CertPair;
  /** Deletes the directory. */
  cleanup(): void;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
}

function pair(dir: string, name: string): CertPair {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  return {
    keyPath,
    certPath,
    keyPem: readFileSync(keyPath, 'utf8'),
    certPem: readFileSync(certPath, 'utf8'),
  };
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function selfSigned(dir: string, name: string, subject: string, exts: string[]): CertPair {
  const addext = exts.flatMap((e) => ['-addext', e]);
  openssl([
    'req',
    '-x509',
    ...EC,
    '-keyout',
    join(dir, `${name}.key`),
    '-out',
    join(dir, `${name}.crt`),
    '-days',
    '2',
    '-subj',
    subject,
    ...addext,
  ]);
  return pair(dir, name);
}

function signed(dir: string, name: string, cn: string, san: string, ca: CertPair): CertPair {
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(
    ext,
    `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`,
  );
  openssl([
    'req',
    '-new',
    ...EC,
    '-keyout',
    join(dir, `${name}.key`),
    '-out',
    csr,
    '-subj',
    `/CN=${cn}`,
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.certPath,
    '-CAkey',
    ca.keyPath,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    ext,
    '-out',
    join(dir, `${name}.crt`),
  ]);
  return pair(dir, name);
}

let cached: TestCerts | null = null;

/**
 * Makes (once per process) a CA, a server certificate for localhost/127.0.0.1/::1 signed by
 * it, one for "other.test", and an unrelated self-signed one, in a fresh temporary directory.
 */
export function makeTestCerts(): TestCerts {
  if (cached !== null) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'godot-ws-certs-'));
  const ca = selfSigned(dir, 'ca', '/CN=godot-websocket test CA', [
    'basicConstraints=critical,CA:TRUE',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const server = signed(dir, 'server', 'localhost', 'DNS:localhost,IP:127.0.0.1,IP:::1', ca);
  const other = signed(dir, 'other', 'other.test', 'DNS:other.test', ca);
  const self = selfSigned(dir, 'self', '/CN=localhost', [
    'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
  ]);
  const serverChainPath = join(dir, 'server-chain.crt');
  const serverChainPem = server.certPem + ca.certPem;
  writeFileSync(serverChainPath, serverChainPem);
  cached = {
    dir,
    ca,
    server,
    serverChainPath,
    serverChainPem,
    other,
    selfSigned: self,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      cached = null;
    },
  };
  return cached;
}
