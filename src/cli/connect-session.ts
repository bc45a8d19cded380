import { createInterface } from 'node:readline';
import { Error } from '../core/error.js';
import { ErrorCode } from '../core/last-error.js';
import { logger } from '../core/logger.js';
import { decodeVariant } from '../core/variant/decode.js';
import { encodeVariant } from '../core/variant/encode.js';
import type { Variant } from '../core/variant/variant.js';
import type { TLSOptions } from '../net/tls-options.js';
import { WebSocketPeer } from '../websocket/websocket-peer.js';
import { describeClose } from './describe-close.js';
import { toHex, variantToText } from './variant-text.js';

/** How long a close may take before the connection is dropped. */
const CLOSE_GRACE_MS = 5000;
const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();

/** The parsed command line of `connect`. */
export interface ConnectOptions {
  url: string;
  protocols: string[];
  headers: string[];
  binary: boolean;
  variants: 'godot3' | 'godot4' | null;
  tls: TLSOptions | null;
  timeoutMs: number;
  waitMs: number;
}

/** One connection from open to close: stdin → messages, messages → stdout. */
export class Session {
  readonly #peer: WebSocketPeer;
  readonly #options: ConnectOptions;
  #opened = false;
  #closingSince = 0;
  #stdinDone = false;
  #lastHeard = 0;
  #done = false;
  #finish: (status: number) => void = () => {};

  constructor(peer: WebSocketPeer, options: ConnectOptions) {
    this.#peer = peer;
    this.#options = options;
  }

  run(): Promise<number> {
    const started = performance.now();
    let scheduled = false;
    const tick = () => {
      scheduled = false;
      this.#poll(started);
    };
    this.#peer.onActivity = () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(tick);
    };
    const timer = setInterval(tick, 50);
    const onInt = () => {
      if (this.#opened) return this.#close();
      this.#peer.close(-1);
      process.stderr.write('godot-ws: interrupted before the connection opened\n');
      this.#finish(1);
    };
    process.on('SIGINT', onInt);
    return new Promise<number>((resolve) => {
      this.#finish = (status) => {
        if (this.#done) return;
        this.#done = true;
        clearInterval(timer);
        this.#peer.onActivity = null;
        process.off('SIGINT', onInt);
        process.stdin.destroy();
        resolve(status);
      };
    });
  }

  #poll(started: number): void {
    if (this.#done) return;
    const peer = this.#peer;
    peer.poll();
    const state = peer.getReadyState();
    if (!this.#opened && state === WebSocketPeer.STATE_OPEN) this.#open();
    while (peer.getAvailablePacketCount() > 0) {
      this.#lastHeard = performance.now();
      this.#print(peer.getPacket(), peer.wasStringPacket());
    }
    if (this.#stdinDone && performance.now() - this.#lastHeard >= this.#options.waitMs) {
      this.#close();
    }
    if (
      state === WebSocketPeer.STATE_CONNECTING &&
      performance.now() - started > this.#options.timeoutMs
    ) {
      peer.close(-1);
      process.stderr.write(`godot-ws: no connection within ${this.#options.timeoutMs / 1000} s\n`);
      this.#finish(1);
      return;
    }
    if (
      state === WebSocketPeer.STATE_CLOSING &&
      performance.now() - this.#closingSince > CLOSE_GRACE_MS
    ) {
      peer.close(-1);
    }
    if (peer.getReadyState() === WebSocketPeer.STATE_CLOSED) this.#closed();
  }

  #open(): void {
    this.#opened = true;
    logger.setSink((level, message) => process.stderr.write(`[${level}] ${message}\n`));
    const protocol = this.#peer.getSelectedProtocol();
    process.stderr.write(
      `connected to ${this.#options.url}${protocol ? ` (protocol ${protocol})` : ''}\n`,
    );
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => this.#send(line));
    lines.on('close', () => this.#endOfInput());
  }

  #send(line: string): void {
    const peer = this.#peer;
    if (peer.getReadyState() !== WebSocketPeer.STATE_OPEN) return;
    const format = this.#options.variants;
    if (format) {
      const encoded = encodeVariant(parseLine(line), { format });
      if (encoded.error !== Error.OK) {
        process.stderr.write(`godot-ws: cannot encode ${line}: ${encoded.reason}\n`);
        return;
      }
      peer.send(encoded.bytes, WebSocketPeer.WRITE_MODE_BINARY);
    } else if (this.#options.binary) {
      peer.send(textEncoder.encode(line), WebSocketPeer.WRITE_MODE_BINARY);
    } else {
      peer.sendText(line);
    }
  }

  #endOfInput(): void {
    this.#stdinDone = true;
    this.#lastHeard = performance.now();
  }

  /** Starts the closing handshake (once). */
  #close(): void {
    if (this.#closingSince === 0 && this.#peer.getReadyState() === WebSocketPeer.STATE_OPEN) {
      this.#closingSince = performance.now();
      this.#peer.close(1000);
    }
  }

  #print(data: Uint8Array, text: boolean): void {
    if (text) {
      process.stdout.write(`${textDecoder.decode(data)}\n`);
      return;
    }
    const format = this.#options.variants;
    if (format) {
      const decoded = decodeVariant(data, { format });
      if (decoded.error === Error.OK && decoded.length === data.byteLength) {
        process.stdout.write(`${variantToText(decoded.value)}\n`);
        return;
      }
      process.stderr.write(
        `godot-ws: not a ${format} Variant (${decoded.reason || 'extra bytes'}); as hex:\n`,
      );
    }
    process.stdout.write(`${toHex(data)}\n`);
  }

  #closed(): void {
    const peer = this.#peer;
    if (!this.#opened) {
      const failure = peer.getLastError();
      const why = failure ? `: ${failure.message}${cliHint(failure.code)} (${failure.code})` : '';
      process.stderr.write(`godot-ws: could not connect to ${this.#options.url}${why}\n`);
      this.#finish(1);
      return;
    }
    const code = peer.getCloseCode();
    process.stderr.write(`closed: ${describeClose(code, peer.getCloseReason())}\n`);
    this.#finish(code === 1000 || code === 1001 || code === 0 ? 0 : 1);
  }
}

/** What a person can do about a failed connect, in the CLI's own flags. */
export function cliHint(code: string): string {
  if (code === ErrorCode.CERT_UNTRUSTED) return ': pass --ca FILE (or --insecure for testing)';
  if (code === ErrorCode.CERT_HOSTNAME) {
    return ': connect with a name the certificate holds (or --insecure for testing)';
  }
  if (code === ErrorCode.CERT_EXPIRED) return ' (--insecure skips the check, for testing)';
  return '';
}

/** A stdin line as a Variant: JSON when it parses, else the line as a String. */
function parseLine(line: string): Variant {
  try {
    return JSON.parse(line) as Variant;
  } catch {
    return line;
  }
}
