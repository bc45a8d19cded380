import { ErrorCode } from '../../core/last-error.js';
import type { ByteChannel } from '../../net/byte-channel.js';
import type { StreamPeerTCP } from '../../net/stream-peer-tcp.js';
import { StreamPeerTLS } from '../../net/stream-peer-tls.js';
import {
  acceptUpgradeRequest,
  buildHttpErrorResponse,
  parseHttpGetRequest,
  parseUpgradeRequest,
  serverRequestedUrl,
  type UpgradeRequest,
} from '../../protocol/handshake-server.js';
import { HttpHeadReader } from '../../protocol/http-head.js';
import { acceptKey } from './accept-key.js';
import { looksLikeTls } from './client-opening.js';
import type { Opening, OpeningResult } from './opening.js';

const PENDING: OpeningResult = { status: 'pending' };
const textEncoder = new TextEncoder();

/**
 * A user hook's verdict: `undefined` accepts; a status answers with that HTTP response instead
 * of upgrading (an error, or e.g. a 200 page for a plain HTTP request: `body`, with a
 * `Content-Type` among `headers`), then closes.
 */
export type HandshakeRejection = {
  status: number;
  reason?: string;
  headers?: string[];
  body?: string;
};
export type HandshakeRequestHook = (request: UpgradeRequest) => HandshakeRejection | undefined;

export interface ServerOpeningOptions {
  tcp: StreamPeerTCP;
  tls: StreamPeerTLS | null;
  protocols: string[];
  headers: string[];
  /** Drop the connection if the handshake is not done after this many ms (0 = never). */
  timeoutMs: number;
  hook: HandshakeRequestHook | null;
}

/**
 * The server side's opening handshake: wait for TLS (if any), read the request head (4096-byte
 * cap), check it with Godot's rules, let the user hook look at it, write the 101 response.
 * Like Godot, a bad request is dropped without an HTTP answer; only the hook answers with one.
 */
export class ServerOpening implements Opening {
  #options: ServerOpeningOptions;
  #reader = new HttpHeadReader();
  #startedAt = -1;
  /** Whether the client has sent any byte (plain: request bytes; TLS: any record). */
  #heard = false;

  constructor(options: ServerOpeningOptions) {
    this.#options = options;
  }

  poll(nowMs: number): OpeningResult {
    const { tcp, tls, timeoutMs } = this.#options;
    if (this.#startedAt < 0) this.#startedAt = nowMs;
    if (timeoutMs > 0 && nowMs - this.#startedAt > timeoutMs) {
      const heard = this.#heard || (tls?.heardFromPeer ?? false);
      return {
        status: 'failed',
        code: ErrorCode.HANDSHAKE_TIMEOUT,
        reason: heard
          ? `no complete handshake within ${timeoutMs} ms`
          : `the connection sent nothing within ${timeoutMs} ms`,
        quiet: !heard,
      };
    }
    let channel: ByteChannel = tcp;
    if (tls) {
      tls.poll();
      const status = tls.getStatus();
      if (status === StreamPeerTLS.STATUS_HANDSHAKING) return PENDING;
      if (status !== StreamPeerTLS.STATUS_CONNECTED) {
        const failure = tls.getLastError();
        return {
          status: 'failed',
          code: failure?.code ?? ErrorCode.TLS_FAILED,
          reason: failure?.message ?? 'TLS handshake failed',
          quiet: !tls.heardFromPeer,
        };
      }
      channel = tls;
    } else {
      tcp.poll();
    }
    return this.#readRequest(channel);
  }

  abort(): void {
    this.#options.tls?.disconnectFromStream();
    this.#options.tcp.disconnectFromHost();
  }

  #readRequest(channel: ByteChannel): OpeningResult {
    for (;;) {
      const chunk = channel.readChunk();
      if (!chunk) {
        if (channel.readEnded) {
          return {
            status: 'failed',
            code: ErrorCode.CLOSED_DURING_HANDSHAKE,
            reason: 'the client left during the handshake',
            quiet: !this.#heard && !this.#options.tls?.heardFromPeer,
          };
        }
        return PENDING;
      }
      if (!this.#heard && !this.#options.tls && looksLikeTls(chunk)) {
        const reason = 'the client spoke TLS to this plain ws:// port (it should use ws://)';
        return { status: 'failed', code: ErrorCode.TLS_UNEXPECTED, reason };
      }
      this.#heard = true;
      const read = this.#reader.push(chunk);
      if (read.kind === 'need-more') continue;
      if (read.kind === 'too-large') {
        const reason = 'the request headers are larger than 4096 bytes';
        return { status: 'failed', code: ErrorCode.HANDSHAKE_FAILED, reason };
      }
      return this.#answer(channel, read.head, read.leftover);
    }
  }

  #answer(channel: ByteChannel, head: string, leftover: Uint8Array): OpeningResult {
    // A hook sees any GET (it may answer plain HTTP requests); Godot's rules apply after it.
    const hook = this.#options.hook;
    const parsed = hook ? parseHttpGetRequest(head) : parseUpgradeRequest(head);
    if (!parsed.ok) return handshakeFailed(parsed.reason);
    const rejection = hook?.(parsed.request);
    if (!rejection && hook) {
      const strict = parseUpgradeRequest(head);
      if (!strict.ok) return handshakeFailed(strict.reason);
    }
    if (rejection) {
      const { status, reason, headers, body } = rejection;
      const answer = buildHttpErrorResponse(status, reason, headers, body);
      channel.writeChunks([textEncoder.encode(answer)]);
      channel.endGracefully();
      return {
        status: 'failed',
        code: ErrorCode.HANDSHAKE_FAILED,
        reason: `the request hook answered ${status}`,
        answered: true,
      };
    }
    const accepted = acceptUpgradeRequest(parsed.request, {
      protocols: this.#options.protocols,
      headers: this.#options.headers,
      acceptKey,
    });
    if (!accepted.ok) return handshakeFailed(accepted.reason);
    channel.writeChunks([textEncoder.encode(accepted.response)]);
    return {
      status: 'open',
      channel,
      protocol: accepted.selectedProtocol,
      leftover,
      requestedUrl: serverRequestedUrl(parsed.request, this.#options.tls !== null),
    };
  }
}

function handshakeFailed(reason: string): OpeningResult {
  return { status: 'failed', code: ErrorCode.HANDSHAKE_FAILED, reason };
}
