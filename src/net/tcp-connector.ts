import { lookup } from 'node:dns';
import { connect, type Socket, type TcpNetConnectOpts } from 'node:net';
import { isIpAddress, unbracket } from './ip.js';

/** What `TcpConnector` needs to open a connection. */
export interface TcpConnectRequest {
  host: string;
  port: number;
  /** Local address to bind, or undefined for any. */
  localAddress: string | undefined;
  /** Local port to bind, or 0 for any. */
  localPort: number;
  noDelay: boolean;
  /** Total time allowed for resolving and all attempts (ms). */
  timeoutMs: number;
  /** Name resolver; defaults to `dns.lookup` with all addresses in the system's order. */
  resolve?: Resolver;
}

/** Resolves a host name to its addresses (IPv4 and IPv6), or calls back with an error. */
export type Resolver = (
  host: string,
  callback: (err: NodeJS.ErrnoException | null, addresses: string[]) => void,
) => void;

const systemResolver: Resolver = (host, callback) => {
  lookup(host, { all: true, verbatim: true }, (err, addresses) =>
    callback(err, err === null ? addresses.map((a) => a.address) : []),
  );
};

/** Why a connection could not be made. */
/** Why a connection could not be made; `code` is Node's (ENOTFOUND, ECONNREFUSED, ETIMEDOUT, …). */
export type ConnectFailure = {
  kind: 'resolve' | 'connect' | 'timeout';
  reason: string;
  code: string;
};

/**
 * Opens one TCP connection like Godot's resolver + socket: the host name is resolved
 * asynchronously (IPv4 and IPv6, in the resolver's order), then each address is tried in turn
 * until one connects. Each attempt gets an equal share of the remaining time. Calls exactly one
 * of `onConnected` / `onFailed`, never after `cancel()`.
 */
export class TcpConnector {
  /** The address being tried (or last tried); '' while resolving. */
  currentAddress = '';
  readonly #request: TcpConnectRequest;
  readonly #onConnected: (socket: Socket) => void;
  readonly #onFailed: (failure: ConnectFailure) => void;
  readonly #deadline: number;
  #candidates: string[] = [];
  #next = 0;
  #socket: Socket | null = null;
  #timer: NodeJS.Timeout | null = null;
  #done = false;
  #lastReason = '';
  #lastCode = '';

  constructor(
    request: TcpConnectRequest,
    onConnected: (socket: Socket) => void,
    onFailed: (failure: ConnectFailure) => void,
  ) {
    this.#request = request;
    this.#onConnected = onConnected;
    this.#onFailed = onFailed;
    this.#deadline = Date.now() + request.timeoutMs;
  }

  start(): void {
    const host = unbracket(this.#request.host);
    if (isIpAddress(host)) {
      this.#candidates = [host];
      this.#tryNext();
      return;
    }
    this.#armTimer(this.#request.timeoutMs);
    const resolve = this.#request.resolve ?? systemResolver;
    resolve(host, (err, addresses) => {
      if (this.#done) return;
      this.#clearTimer();
      if (err !== null || addresses.length === 0) {
        const code = err?.code ?? 'ENOTFOUND';
        this.#fail('resolve', `cannot resolve "${host}": ${err?.code ?? 'no addresses'}`, code);
        return;
      }
      this.#candidates = addresses;
      this.#tryNext();
    });
  }

  /** Stops everything; no callback will be called. */
  cancel(): void {
    this.#done = true;
    this.#clearTimer();
    this.#dropSocket();
  }

  #tryNext(): void {
    this.#dropSocket();
    const remaining = this.#deadline - Date.now();
    const address = this.#candidates[this.#next];
    if (address === undefined || remaining <= 0) {
      if (remaining <= 0) {
        this.#fail('timeout', `timed out (${this.#lastReason || 'no answer'})`, 'ETIMEDOUT');
      } else this.#fail('connect', this.#lastReason, this.#lastCode || 'ECONNREFUSED');
      return;
    }
    this.#next++;
    this.currentAddress = address;
    const left = this.#candidates.length - this.#next + 1;
    this.#armTimer(Math.ceil(remaining / left));
    const { port, localAddress, localPort, noDelay } = this.#request;
    const options: TcpNetConnectOpts = { host: address, port, noDelay };
    if (localAddress !== undefined) options.localAddress = localAddress;
    if (localPort > 0) options.localPort = localPort;
    const socket = connect(options);
    this.#socket = socket;
    socket.on('error', this.#onAttemptError);
    socket.once('connect', this.#onAttemptConnect);
  }

  #onAttemptError = (err: NodeJS.ErrnoException): void => {
    this.#lastReason = `${this.currentAddress}: ${err.code ?? err.message}`;
    this.#lastCode = err.code ?? '';
    this.#clearTimer();
    this.#tryNext();
  };

  #onAttemptConnect = (): void => {
    const socket = this.#socket!;
    this.#clearTimer();
    socket.off('error', this.#onAttemptError);
    this.#socket = null;
    this.#done = true;
    this.#onConnected(socket);
  };

  #armTimer(ms: number): void {
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#lastReason = `${this.currentAddress || this.#request.host}: no answer`;
      if (this.#socket === null && this.#candidates.length === 0)
        this.#fail('timeout', 'timed out', 'ETIMEDOUT');
      else this.#tryNext();
    }, ms);
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #dropSocket(): void {
    const socket = this.#socket;
    if (socket === null) return;
    this.#socket = null;
    socket.off('connect', this.#onAttemptConnect);
    socket.off('error', this.#onAttemptError);
    socket.on('error', () => {});
    socket.destroy();
  }

  #fail(kind: ConnectFailure['kind'], reason: string, code: string): void {
    if (this.#done) return;
    this.cancel();
    this.#onFailed({ kind, reason, code });
  }
}
