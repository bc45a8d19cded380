import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Error } from '../core/error.js';
import { logger } from '../core/logger.js';

/**
 * Godot's `CryptoKey`: an RSA or EC private key (".key") or public key (".pub"), PEM text,
 * validated with `node:crypto`. Private keys are saved the way mbedTLS writes them (PKCS#1 for
 * RSA, SEC1 for EC, PKCS#8 otherwise); public keys as SubjectPublicKeyInfo. Errors follow
 * Godot: unreadable file ERR_INVALID_PARAMETER, unparsable key FAILED; a failed load leaves
 * the previous key.
 */
export class CryptoKey {
  #key: KeyObject | null = null;

  /** Loads a key file; with `publicOnly` it must be (or is reduced to) a public key. */
  load(path: string, publicOnly = false): Error {
    let text: string;
    try {
      text = readFileSync(path, 'latin1');
    } catch (err) {
      logger.error(`CryptoKey: cannot read "${path}": ${(err as NodeJS.ErrnoException).code}.`);
      return Error.ERR_INVALID_PARAMETER;
    }
    return this.#parse(text, publicOnly, `"${path}"`);
  }

  /** Loads a key from PEM text. */
  loadFromString(pem: string, publicOnly = false): Error {
    return this.#parse(pem, publicOnly, 'the string');
  }

  /** Writes the key as PEM; `publicOnly` writes only the public part. */
  save(path: string, publicOnly = false): Error {
    const pem = this.saveToString(publicOnly);
    if (pem === '') return Error.ERR_UNCONFIGURED;
    try {
      writeFileSync(path, pem);
      return Error.OK;
    } catch (err) {
      logger.error(`CryptoKey: cannot write "${path}": ${(err as NodeJS.ErrnoException).code}.`);
      return Error.ERR_INVALID_PARAMETER;
    }
  }

  /** The key as PEM text; '' if none is loaded (or a private key is asked of a public one). */
  saveToString(publicOnly = false): string {
    const key = this.#key;
    if (key === null) {
      logger.error('CryptoKey: no key loaded.');
      return '';
    }
    if (publicOnly || key.type === 'public') {
      if (!publicOnly) {
        logger.error('CryptoKey: this is a public key; save it with publicOnly = true.');
        return '';
      }
      const pub = key.type === 'public' ? key : createPublicKey(key);
      return String(pub.export({ type: 'spki', format: 'pem' }));
    }
    const type = key.asymmetricKeyType;
    const format = type === 'rsa' ? 'pkcs1' : type === 'ec' ? 'sec1' : 'pkcs8';
    return String(key.export({ type: format, format: 'pem' }));
  }

  /** True if only the public key is held. */
  isPublicOnly(): boolean {
    return this.#key?.type === 'public';
  }

  /** Node-only: the key for `node:crypto` / `node:tls`, or null. */
  getKeyObject(): KeyObject | null {
    return this.#key;
  }

  #parse(text: string, publicOnly: boolean, source: string): Error {
    try {
      this.#key = publicOnly ? createPublicKey(text) : createPrivateKey(text);
      return Error.OK;
    } catch (err) {
      const what = publicOnly ? 'public' : 'private';
      const code = (err as NodeJS.ErrnoException).code ?? 'invalid';
      logger.error(`CryptoKey: no valid unencrypted ${what} key in ${source} (${code}).`);
      return Error.FAILED;
    }
  }
}
