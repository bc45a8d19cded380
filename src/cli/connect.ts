import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Error } from '../core/error.js';
import { logger } from '../core/logger.js';
import { decodeVariant } from '../core/variant/decode.js';
import { encodeVariant } from '../core/variant/encode.js';
import type { Variant } from '../core/variant/variant.js';
import { TLSOptions } from '../net/tls-options.js';
import { WebSocketPeer } from '../websocket/websocket-peer.js';
import { CliError, parseAmount, parseChoice, parseErrorMessage } from './args.js';
import { describeClose } from './describe-close.js';
import { loadCertificate } from './tls-files.js';
import { toHex, variantToText } from './variant-text.js';

export const CONNECT_HELP = `Usage: godot-ws connect URL [options]

Connects to a ws:// or wss:// server: each stdin line is sent as one message, each message
received is printed on stdout; connection news and the close code go to stderr.

  --protocol P       subprotocol to offer (repeatable)
  --header "K: V"    extra handshake header (repeatable)
  --binary           send lines as binary messages (default: text)
  --var F            godot3 or godot4: print binary messages as decoded Variants, and send each
                     line as a Variant (JSON if it parses: 1, "a", [1,2], {"k":1}; else a String)
  --ca FILE          trust this PEM certificate (e.g. from godot-ws cert) for wss://
  --insecure         do not verify the server's certificate
  --timeout S        seconds to wait for the connection (default 10)
  --wait S           after the end of stdin, close once nothing arrived for S seconds
                     (default 1), so replies to the last lines are still printed
  -h, --help         show this help

Text messages print as they are, binary ones as hex. At the end of stdin (Ctrl-D, or the end of
a pipe) the client waits for replies (--wait), sends close 1000 and exits once the server
answers; Ctrl-C closes at once. Exit status: 0 after a
clean close (1000, 1001 or no status code), 1 if the connection failed, was dropped or closed
with another code, 2 for a bad command line.
`;

/** How long a close may take before the connection is dropped. */
const CLOSE_GRACE_MS = 5000;
const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();

interface ConnectOptions {
  url: string;
  protocols: string[];
  headers: string[];
  binary: boolean;
  variants: 'godot3' | 'godot4' | null;
  tls: TLSOptions | null;
  timeoutMs: number;
  waitMs: number;
}

/** Parses `connect`'s flags (throws CliError with one line). */
export function parseConnectArgs(argv: string[]): ConnectOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new CliError(parseErrorMessage(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new CliError('connect needs one URL, e.g. godot-ws connect ws://localhost:9080');
  }
  const headers = values.header ?? [];
  for (const header of headers) {
    if (!/^[^:\s]+:/.test(header))
      throw new CliError(`--header must look like "Name: value", not '${header}'`);
  }
  if (values.ca !== undefined && values.insecure)
    throw new CliError('--ca and --insecure exclude each other');
  let tls: TLSOptions | null = null;
  if (values.ca !== undefined) tls = TLSOptions.client(loadCertificate(values.ca, '--ca'));
  else if (values.insecure) tls = TLSOptions.clientUnsafe();
  return {
    url: positionals[0]!,
    protocols: values.protocol ?? [],
    headers,
    binary: values.binary ?? false,
    variants:
      values.var === undefined
        ? null
        : parseChoice(values.var, '--var', ['godot3', 'godot4'] as const),
    tls,
    timeoutMs: parseAmount(values.timeout ?? '10', '--timeout') * 1000,
    waitMs: parseAmount(values.wait ?? '1', '--wait') * 1000,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      protocol: { type: 'string', multiple: true },
      header: { type: 'string', multiple: true },
      binary: { type: 'boolean' },
      var: { type: 'string' },
      ca: { type: 'string' },
      insecure: { type: 'boolean' },
      timeout: { type: 'string' },
      wait: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Runs `godot-ws connect`; resolves with the exit status when the session is over. */
export async function connect(argv: string[]): Promise<number> {
  const options = parseConnectArgs(argv);
  if (options === 'help') {
    process.stdout.write(CONNECT_HELP);
    return 0;
  }
  const peer = new WebSocketPeer();
  peer.setSupportedProtocols(options.protocols);
  peer.setHandshakeHeaders(options.headers);
  peer.setInboundBufferSize(64 * 1024 * 1024);
  peer.setOutboundBufferSize(0);
  // Until the connection opens, the library's messages are held: a failure becomes one line.
  const held: string[] = [];
  logger.setSink((_level, message) => held.push(message));
  const err = peer.connectToUrl(options.url, options.tls);
  if (err !== Error.OK) throw new CliError(`cannot connect: ${held[0] ?? `error ${err}`}`, 1);
  return new Session(peer, options, held).run();
}

/** One connection from open to close: stdin → messages, messages → stdout. */
class Session {
  readonly #peer: WebSocketPeer;
  readonly #options: ConnectOptions;
  #opened = false;
  #closingSince = 0;
  #stdinDone = false;
  #lastHeard = 0;
  #done = false;
  #finish: (status: number) => void = () => {};

  readonly #held: string[];

  constructor(peer: WebSocketPeer, options: ConnectOptions, held: string[]) {
    this.#peer = peer;
    this.#options = options;
    this.#held = held;
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
      let why = this.#held.at(-1)?.replace(/^WebSocket handshake failed: /, '') ?? '';
      const code = this.#held.join(' ').match(/\b(E[A-Z]{3,}|ENOTFOUND)\b/)?.[1];
      if (code && !why.includes(code)) why += ` (${code})`;
      process.stderr.write(
        `godot-ws: could not connect to ${this.#options.url}${why ? `: ${why}` : ''}\n`,
      );
      this.#finish(1);
      return;
    }
    const code = peer.getCloseCode();
    process.stderr.write(`closed: ${describeClose(code, peer.getCloseReason())}\n`);
    this.#finish(code === 1000 || code === 1001 || code === 0 ? 0 : 1);
  }
}

/** A stdin line as a Variant: JSON when it parses, else the line as a String. */
function parseLine(line: string): Variant {
  try {
    return JSON.parse(line) as Variant;
  } catch {
    return line;
  }
}
