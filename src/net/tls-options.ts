import { createSecureContext, type SecureContext } from 'node:tls';
import { logger } from '../core/logger.js';
import type { CryptoKey } from './crypto-key.js';
import type { X509Certificate } from './x509-certificate.js';

type Mode = 'client' | 'unsafe' | 'server';

/**
 * Godot's `TLSOptions`, made only by its three static constructors:
 * - `client(trustedChain?, commonNameOverride?)`: the server's chain must verify against
 *   `trustedChain` (Node's default CA store when null) AND its name must match the host (or
 *   `commonNameOverride` when not empty);
 * - `clientUnsafe(trustedChain?)`: no chain verification, no name check (testing only);
 * - `server(key, certificate)`: `certificate` should hold the full chain up to the CA.
 */
export class TLSOptions {
  readonly #mode: Mode;
  readonly #trustedChain: X509Certificate | null;
  readonly #commonNameOverride: string;
  readonly #key: CryptoKey | null;
  readonly #certificate: X509Certificate | null;
  #context: SecureContext | null | undefined;

  private constructor(
    mode: Mode,
    trustedChain: X509Certificate | null,
    commonNameOverride: string,
    key: CryptoKey | null,
    certificate: X509Certificate | null,
  ) {
    this.#mode = mode;
    this.#trustedChain = trustedChain;
    this.#commonNameOverride = commonNameOverride;
    this.#key = key;
    this.#certificate = certificate;
  }

  /** Options for a verifying client. */
  static client(trustedChain: X509Certificate | null = null, commonNameOverride = ''): TLSOptions {
    return new TLSOptions('client', trustedChain, commonNameOverride, null, null);
  }

  /** Options for a client that verifies nothing (for tests and local development only). */
  static clientUnsafe(trustedChain: X509Certificate | null = null): TLSOptions {
    return new TLSOptions('unsafe', trustedChain, '', null, null);
  }

  /** Options for a server presenting `certificate` (chain) with its private `key`. */
  static server(key: CryptoKey, certificate: X509Certificate): TLSOptions {
    return new TLSOptions('server', null, '', key, certificate);
  }

  isServer(): boolean {
    return this.#mode === 'server';
  }

  isUnsafeClient(): boolean {
    return this.#mode === 'unsafe';
  }

  getCommonNameOverride(): string {
    return this.#commonNameOverride;
  }

  getTrustedCaChain(): X509Certificate | null {
    return this.#trustedChain;
  }

  getPrivateKey(): CryptoKey | null {
    return this.#key;
  }

  getOwnCertificate(): X509Certificate | null {
    return this.#certificate;
  }

  /**
   * Internal: the secure context (built once and shared by every connection using these
   * options), or null with one logged message if the key/certificate are unusable.
   */
  secureContext(): SecureContext | null {
    if (this.#context !== undefined) return this.#context;
    this.#context = null;
    try {
      if (this.#mode === 'server') {
        const key = this.#key?.getKeyObject() ?? null;
        const cert = this.#certificate?.saveToString() ?? '';
        if (key === null || key.type !== 'private' || cert === '') {
          logger.error('TLSOptions.server: a private key and a certificate are required.');
          return null;
        }
        const pem = String(key.export({ type: 'pkcs8', format: 'pem' }));
        this.#context = createSecureContext({ key: pem, cert });
      } else {
        const ca = this.#trustedChain?.saveToString() ?? '';
        this.#context = createSecureContext(ca === '' ? {} : { ca });
      }
    } catch (err) {
      logger.error(`TLSOptions: unusable key or certificate: ${(err as Error).message}.`);
    }
    return this.#context;
  }
}
