// An emulated signaling client written from the demo's protocol (not from our server): a `ws`
// WebSocket that records every frame it receives and how it closed, so a scenario can wait for
// "n messages or closed" and compare what each client saw.
import { isUtf8 } from 'node:buffer';
import { type ClientOptions, WebSocket } from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

export class EmulatedClient {
  readonly name: string;
  /** Every frame received: text as is, binary as "[binary] text" (or "<binary hex>"). */
  readonly received: string[] = [];
  closed: Closed | null = null;
  readonly #ws: WebSocket;
  readonly #waiters = new Set<() => void>();

  private constructor(name: string, ws: WebSocket) {
    this.name = name;
    this.#ws = ws;
    ws.on('message', (data, isBinary) => {
      const bytes = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      // A binary frame shows as "[binary] " + its text (Godot 3's own server sends binary), or hex.
      const text = isUtf8(bytes)
        ? `[binary] ${bytes.toString('utf8')}`
        : `<binary ${bytes.toString('hex')}>`;
      this.received.push(isBinary ? text : bytes.toString('utf8'));
      this.#wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString('utf8') };
      this.#wake();
    });
    ws.on('error', () => {}); // seen as the close
  }

  /** Opens a connection (rejects after `ms`). */
  static connect(
    name: string,
    url: string,
    ms = 5000,
    options: ClientOptions = {},
  ): Promise<EmulatedClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      const client = new EmulatedClient(name, ws);
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`${name}: no connection to ${url} within ${ms} ms`));
      }, ms);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(client);
      });
      ws.once('close', () => {
        clearTimeout(timer);
        reject(new Error(`${name}: closed before opening`));
      });
    });
  }

  send(text: string): void {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(text);
  }

  sendBinary(bytes: Uint8Array): void {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(bytes, { binary: true });
  }

  /** Resolves once `count` frames have arrived or the socket closed, or after `ms` (no throw). */
  waitFor(count: number, ms = 5000): Promise<boolean> {
    return this.#until(() => this.received.length >= count || this.closed !== null, ms);
  }

  /** Resolves once the socket closed, or after `ms` (no throw). */
  waitClosed(ms = 5000): Promise<boolean> {
    return this.#until(() => this.closed !== null, ms);
  }

  close(code = 1000, reason = ''): void {
    this.#ws.close(code, reason);
  }

  /** Drops the TCP connection without a close frame. */
  terminate(): void {
    this.#ws.terminate();
  }

  #until(done: () => boolean, ms: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!done()) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        resolve(false);
      }, ms);
      this.#waiters.add(check);
    });
  }

  #wake(): void {
    for (const w of [...this.#waiters]) w();
  }
}

/** A Godot 4 client's message as the demo's `ws_webrtc_client.gd` writes it (JSON.stringify sorts keys). */
export function g4(type: number, id: number, data = ''): string {
  return JSON.stringify({ data, id, type });
}

/** The Godot 3 client's command line (`"%s: %d\n%s"`). */
export function g3(letter: string, id: number | string, payload = ''): string {
  return `${letter}: ${id}\n${payload}`;
}
