import { readFileSync } from 'node:fs';
import { Error } from '../core/error.js';
import { logger } from '../core/logger.js';
import { CryptoKey } from '../net/crypto-key.js';
import { X509Certificate } from '../net/x509-certificate.js';
import { CliError } from './args.js';

/** Reads a file's text, or fails with one line naming the flag and the cause. */
function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'unreadable';
    throw new CliError(`${flag} ${path}: cannot read the file (${code})`, 1);
  }
}

/** Runs a library load with its log line held back; returns whether it succeeded. */
function quietly(load: () => Error): boolean {
  const previous = logger.setSink(() => {});
  try {
    return load() === Error.OK;
  } finally {
    logger.setSink(previous);
  }
}

/** A PEM certificate (chain) from a file, or a one-line CliError. */
export function loadCertificate(path: string, flag: string): X509Certificate {
  const pem = readText(path, flag);
  const cert = new X509Certificate();
  if (!quietly(() => cert.loadFromString(pem))) {
    throw new CliError(`${flag} ${path}: not a PEM certificate`, 1);
  }
  return cert;
}

/** A PEM private key from a file, or a one-line CliError. */
export function loadPrivateKey(path: string, flag: string): CryptoKey {
  const pem = readText(path, flag);
  const key = new CryptoKey();
  if (!quietly(() => key.loadFromString(pem))) {
    throw new CliError(`${flag} ${path}: not a PEM private key`, 1);
  }
  return key;
}
