import { Error } from './error.js';
import { logger } from './logger.js';

/** Godot's `Object.ConnectFlags` that make sense for a plain callback. */
export const ConnectFlags = {
  CONNECT_DEFERRED: 1,
  CONNECT_PERSIST: 2,
  CONNECT_ONE_SHOT: 4,
  CONNECT_REFERENCE_COUNTED: 8,
} as const;

type Connection<Args extends unknown[]> = {
  callback: (...args: Args) => void;
  oneShot: boolean;
};

/**
 * A typed signal, shaped like Godot 4's `Signal`: `connect`, `disconnect`, `isConnected`,
 * `emit`. Callbacks run synchronously, in connection order, from `emit` (which the library
 * calls from inside `poll()`). A throwing callback is logged and does not stop the others.
 */
export class Signal<Args extends unknown[] = []> {
  readonly name: string;
  #connections: Connection<Args>[] = [];

  constructor(name = '') {
    this.name = name;
  }

  /** Connects `callback`; `flags` may include `ConnectFlags.CONNECT_ONE_SHOT`. */
  connect(callback: (...args: Args) => void, flags = 0): Error {
    if (this.isConnected(callback)) {
      logger.error(`Signal '${this.name}' is already connected to this callback.`);
      return Error.ERR_INVALID_PARAMETER;
    }
    this.#connections.push({ callback, oneShot: (flags & ConnectFlags.CONNECT_ONE_SHOT) !== 0 });
    return Error.OK;
  }

  disconnect(callback: (...args: Args) => void): void {
    const index = this.#connections.findIndex((c) => c.callback === callback);
    if (index < 0) {
      logger.error(`Signal '${this.name}' is not connected to this callback.`);
      return;
    }
    this.#connections.splice(index, 1);
  }

  isConnected(callback: (...args: Args) => void): boolean {
    return this.#connections.some((c) => c.callback === callback);
  }

  /** Number of connected callbacks. */
  getConnectionCount(): number {
    return this.#connections.length;
  }

  emit(...args: Args): void {
    if (this.#connections.length === 0) return;
    const snapshot = this.#connections.slice();
    for (const connection of snapshot) {
      if (connection.oneShot) {
        const index = this.#connections.indexOf(connection);
        if (index < 0) continue;
        this.#connections.splice(index, 1);
      } else if (!this.#connections.includes(connection)) {
        continue;
      }
      try {
        connection.callback(...args);
      } catch (err) {
        logger.error(`A callback of signal '${this.name}' threw: ${describe(err)}`);
      }
    }
  }
}

function describe(err: unknown): string {
  return err instanceof globalThis.Error ? (err.stack ?? err.message) : String(err);
}
