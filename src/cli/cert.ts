import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, parseAmount, parseErrorMessage } from './args.js';
import { buildSelfSignedCertificate, toPem } from './x509-builder.js';

export const CERT_HELP = `Usage: godot-ws cert [--host localhost] [--out DIR] [--days N]

Writes a self-signed certificate and its private key for local wss:// testing:
DIR/HOST.crt and DIR/HOST.key (PEM; RSA 2048, SHA-256). No openssl needed.

  --host H     name or IP the certificate is for (repeatable; default localhost, which also
               covers 127.0.0.1 and ::1)
  --out DIR    directory to write to (created if missing; default the current directory)
  --days N     validity in days (default 365)
  -h, --help   show this help

Then: godot-ws serve --tls-cert DIR/HOST.crt --tls-key DIR/HOST.key
and in Godot trust it: TLSOptions.client(load("res://HOST.crt")) (Godot 4), or
WebSocketClient.trusted_ssl_certificate (Godot 3).
`;

/** The files `cert` wrote. */
export interface CertFiles {
  certPath: string;
  keyPath: string;
}

/** Runs `godot-ws cert`; returns the exit status. */
export function cert(argv: string[]): number {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (err) {
    throw new CliError(parseErrorMessage(err, argv));
  }
  if (values.help) {
    process.stdout.write(CERT_HELP);
    return 0;
  }
  const hosts = values.host ?? ['localhost'];
  for (const host of hosts) {
    if (
      isIP(host) === 0 &&
      !/^[A-Za-z0-9*]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9-]+)*$/.test(host)
    ) {
      throw new CliError(`--host must be a host name or an IP address, not '${host}'`);
    }
  }
  const days = parseAmount(values.days ?? '365', '--days', true);
  if (days < 1) throw new CliError('--days must be at least 1');
  const files = writeSelfSigned(hosts, values.out ?? '.', days);
  process.stdout.write(`wrote ${files.certPath} and ${files.keyPath}\n`);
  return 0;
}

/** Makes the key and certificate and writes them (the key readable by its owner only). */
export function writeSelfSigned(hosts: string[], dir: string, days: number): CertFiles {
  const first = hosts[0] ?? 'localhost';
  const names =
    first === 'localhost' && hosts.length === 1 ? ['localhost', '127.0.0.1', '::1'] : hosts;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = buildSelfSignedCertificate({
    commonName: first,
    hosts: names,
    days,
    privateKey,
    publicKey,
  });
  const base = first.replace(/[^A-Za-z0-9.-]/g, '_');
  const certPath = join(dir, `${base}.crt`);
  const keyPath = join(dir, `${base}.key`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(certPath, toPem(der, 'CERTIFICATE'));
  } catch (err) {
    const code = (err as { code?: string }).code ?? String(err);
    throw new CliError(`cannot write to ${dir} (${code})`, 1);
  }
  return { certPath, keyPath };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string', multiple: true },
      out: { type: 'string' },
      days: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
