import { Error } from '../../core/error.js';
import { ErrorCode } from '../../core/last-error.js';
import type { ByteChannel } from '../../net/byte-channel.js';
import { StreamPeerTCP } from '../../net/stream-peer-tcp.js';
import { StreamPeerTLS } from '../../net/stream-peer-tls.js';
import { TLSOptions } from '../../net/tls-options.js';
import {
  buildClientRequest,
  generateKey,
  validateServerResponse,
} from '../../protocol/handshake-client.js';
import { HttpHeadReader } from '../../protocol/http-head.js';
import type { WebSocketUrl } from '../../protocol/url.js';
import { acceptKey } from './accept-key.js';
import type { Opening, OpeningResult } from './opening.js';

const PENDING: OpeningResult = { status: 'pending' };
const textEncoder = new TextEncoder();

export interface ClientOpeningOptions {
  tcp: StreamPeerTCP;
  url: WebSocketUrl;
  tlsOptions: TLSOptions | null;
  protocols: string[];
  headers: string[];
  /** Told about the TLS stream once it exists (the peer keeps it for host/port and teardown). */
  onTls: (tls: StreamPeerTLS) => void;
}

/**
 * The client's opening handshake, one step per poll: TCP connect (DNS results tried in turn by
 * StreamPeerTCP), TLS for wss:// (certificate and host name verified unless told otherwise),
 * the upgrade request exactly as Godot sends it, then the 101 response checked with Godot's rules.
 */
export class ClientOpening implements Opening {
  #options: ClientOpeningOptions;
  #tls: StreamPeerTLS | null = null;
  #channel: ByteChannel | null = null;
  #key = '';
  #reader = new HttpHeadReader();

  constructor(options: ClientOpeningOptions) {
    this.#options = options;
  }

  poll(): OpeningResult {
    const { tcp, url } = this.#options;
    if (!this.#channel) {
      tcp.poll();
      const status = tcp.getStatus();
      if (status === StreamPeerTCP.STATUS_CONNECTING) return PENDING;
      if (status !== StreamPeerTCP.STATUS_CONNECTED) {
        const failure = tcp.getLastError();
        return {
          status: 'failed',
          code: failure?.code ?? ErrorCode.CONNECT_TIMEOUT,
          reason: failure?.message ?? `cannot connect to ${url.host}:${url.port}`,
        };
      }
      tcp.setNoDelay(true);
      if (url.tls) {
        const tls = new StreamPeerTLS();
        const err = tls.connectToStream(
          tcp,
          url.host,
          this.#options.tlsOptions ?? TLSOptions.client(),
        );
        if (err !== Error.OK) {
          const reason = `TLS could not start (error ${err})`;
          return { status: 'failed', code: ErrorCode.TLS_FAILED, reason };
        }
        this.#tls = tls;
        this.#options.onTls(tls);
        this.#channel = tls;
      } else {
        this.#channel = tcp;
        this.#sendRequest(tcp);
      }
    }
    const tls = this.#tls;
    if (tls && !this.#key) {
      tls.poll();
      const status = tls.getStatus();
      if (status === StreamPeerTLS.STATUS_HANDSHAKING) return PENDING;
      if (status !== StreamPeerTLS.STATUS_CONNECTED) {
        const failure = tls.getLastError();
        return {
          status: 'failed',
          code: failure?.code ?? ErrorCode.TLS_FAILED,
          reason: failure?.message ?? `TLS handshake with ${url.host} failed`,
        };
      }
      this.#sendRequest(tls);
    }
    return this.#readResponse(this.#channel);
  }

  abort(): void {
    this.#tls?.disconnectFromStream();
    this.#options.tcp.disconnectFromHost();
  }

  #sendRequest(channel: ByteChannel): void {
    const { url, protocols, headers } = this.#options;
    this.#key = generateKey();
    const request = buildClientRequest({
      host: url.host,
      port: url.port,
      tls: url.tls,
      path: url.path,
      key: this.#key,
      protocols,
      headers,
    });
    channel.writeChunks([textEncoder.encode(request)]);
  }

  #readResponse(channel: ByteChannel): OpeningResult {
    for (;;) {
      const chunk = channel.readChunk();
      if (!chunk) {
        if (channel.readEnded) {
          return {
            status: 'failed',
            code: ErrorCode.CLOSED_DURING_HANDSHAKE,
            reason: this.#options.url.tls
              ? 'the server closed the connection during the handshake'
              : 'the server closed the connection without answering (if it serves wss://, use wss://)',
          };
        }
        return PENDING;
      }
      if (this.#reader.bufferedBytes === 0 && !this.#options.url.tls && looksLikeTls(chunk)) {
        const reason = 'the server speaks TLS (use wss://, not ws://)';
        return { status: 'failed', code: ErrorCode.TLS_EXPECTED, reason };
      }
      const read = this.#reader.push(chunk);
      if (read.kind === 'need-more') continue;
      if (read.kind === 'too-large') {
        const reason = 'the response headers are larger than 4096 bytes';
        return { status: 'failed', code: ErrorCode.HANDSHAKE_FAILED, reason };
      }
      const checked = validateServerResponse(read.head, {
        key: this.#key,
        protocols: this.#options.protocols,
        acceptKey,
      });
      if (!checked.ok) {
        return { status: 'failed', code: ErrorCode.HANDSHAKE_FAILED, reason: checked.reason };
      }
      return { status: 'open', channel, protocol: checked.protocol, leftover: read.leftover };
    }
  }
}

/** A TLS record (handshake or alert, TLS 1.x) where an HTTP answer should be. */
export function looksLikeTls(chunk: Uint8Array): boolean {
  return chunk.byteLength >= 2 && (chunk[0] === 0x16 || chunk[0] === 0x15) && chunk[1] === 0x03;
}
