import { logger } from '../../core/logger.js';
import type { CryptoKey } from '../../net/crypto-key.js';
import { TLSOptions } from '../../net/tls-options.js';
import { X509Certificate } from '../../net/x509-certificate.js';

/**
 * Godot 3's server TLS settings (`private_key`, `ssl_certificate`, `ca_chain`): TLS is used when
 * both the key and the certificate are set; the CA chain is sent after the certificate.
 */
export class ServerTlsSettings {
  privateKey: CryptoKey | null = null;
  sslCertificate: X509Certificate | null = null;
  caChain: X509Certificate | null = null;

  /** Server TLS options, or null for plain ws://. */
  options(): TLSOptions | null {
    if (!this.privateKey || !this.sslCertificate) return null;
    let chain = this.sslCertificate;
    if (this.caChain && this.caChain.getCertificateCount() > 0) {
      chain = new X509Certificate();
      const pem = this.sslCertificate.saveToString() + this.caChain.saveToString();
      if (chain.loadFromString(pem) !== 0) {
        logger.error('WebSocketServer: cannot combine the certificate with the CA chain.');
        return null;
      }
    }
    return TLSOptions.server(this.privateKey, chain);
  }
}
