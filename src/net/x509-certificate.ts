import { X509Certificate as NodeX509 } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Error } from '../core/error.js';
import { logger } from '../core/logger.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Godot's `X509Certificate`: one certificate or a chain (several concatenated PEM blocks, all
 * kept in order). Validated with `node:crypto`. Files may be PEM or a single DER certificate.
 * Errors follow Godot: an unreadable or empty file is ERR_INVALID_PARAMETER, text that does not
 * parse is FAILED; a failed load leaves the previous contents.
 */
export class X509Certificate {
  #certs: NodeX509[] = [];

  /** Loads a certificate (chain) from a file. */
  load(path: string): Error {
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch (err) {
      logger.error(
        `X509Certificate: cannot read "${path}": ${(err as NodeJS.ErrnoException).code}.`,
      );
      return Error.ERR_INVALID_PARAMETER;
    }
    if (data.byteLength === 0) {
      logger.error(`X509Certificate: "${path}" is empty.`);
      return Error.ERR_INVALID_PARAMETER;
    }
    const text = data.toString('latin1');
    if (text.includes('-----BEGIN')) return this.#parsePem(text, `"${path}"`);
    try {
      this.#certs = [new NodeX509(data)];
      return Error.OK;
    } catch {
      logger.error(`X509Certificate: "${path}" holds no valid certificate.`);
      return Error.FAILED;
    }
  }

  /** Loads a certificate (chain) from PEM text. */
  loadFromString(pem: string): Error {
    return this.#parsePem(pem, 'the string');
  }

  /** Writes the certificate (chain) as PEM. */
  save(path: string): Error {
    if (this.#certs.length === 0) {
      logger.error('X509Certificate.save: no certificate loaded.');
      return Error.ERR_UNCONFIGURED;
    }
    try {
      writeFileSync(path, this.saveToString());
      return Error.OK;
    } catch (err) {
      logger.error(
        `X509Certificate: cannot write "${path}": ${(err as NodeJS.ErrnoException).code}.`,
      );
      return Error.ERR_INVALID_PARAMETER;
    }
  }

  /** The certificate (chain) as PEM text, '' if none is loaded. */
  saveToString(): string {
    return this.#certs.map((c) => c.toString()).join('');
  }

  /** Node-only: how many certificates the chain holds. */
  getCertificateCount(): number {
    return this.#certs.length;
  }

  /** Node-only: the parsed certificates (leaf first, as loaded). */
  getNodeCertificates(): readonly NodeX509[] {
    return this.#certs;
  }

  #parsePem(text: string, source: string): Error {
    const blocks = text.match(PEM_BLOCK) ?? [];
    if (blocks.length === 0) {
      logger.error(`X509Certificate: no PEM certificate in ${source}.`);
      return Error.FAILED;
    }
    const certs: NodeX509[] = [];
    for (const block of blocks) {
      try {
        certs.push(new NodeX509(block));
      } catch {
        logger.error(`X509Certificate: certificate ${certs.length + 1} in ${source} is invalid.`);
        return Error.FAILED;
      }
    }
    this.#certs = certs;
    return Error.OK;
  }
}
