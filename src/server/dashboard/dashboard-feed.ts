import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RoomServer } from '../room-server.js';
import { dashboardSnapshot } from './snapshot.js';

/** Most dashboards watching at once; more get 503. */
const MAX_WATCHERS = 64;
/** A watcher that has this much unread is too slow and is dropped. */
const MAX_UNREAD = 256 * 1024;

/**
 * What the dashboard page reads: a snapshot of the server (made at most once a second, however
 * many watch) and a Server-Sent Events stream that pushes a fresh one every second. Each
 * snapshot is built once and written to every watcher, so watchers cost bytes, not work.
 */
export class DashboardFeed {
  readonly #server: RoomServer;
  readonly #watchers = new Set<ServerResponse>();
  #cached = '';
  #cachedAt = Number.NEGATIVE_INFINITY;

  constructor(server: RoomServer) {
    this.#server = server;
  }

  /** The snapshot with the chart's whole history, as JSON (cached for a second). */
  snapshotJson(): string {
    const now = performance.now();
    if (now - this.#cachedAt >= 1000) {
      this.#cached = JSON.stringify(dashboardSnapshot(this.#server, true));
      this.#cachedAt = now;
    }
    return this.#cached;
  }

  /** Starts an event stream on `res`: the full snapshot now, then one update a second. */
  subscribe(req: IncomingMessage, res: ServerResponse): void {
    if (this.#watchers.size >= MAX_WATCHERS) {
      res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('too many dashboards\n');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(`retry: 2000\ndata: ${this.snapshotJson()}\n\n`);
    this.#watchers.add(res);
    req.socket.setNoDelay(true);
    const forget = () => this.#watchers.delete(res);
    res.on('close', forget);
    res.on('error', forget);
  }

  /** Pushes a fresh snapshot (without the history, which the page keeps) to every watcher. */
  publish(): void {
    if (this.#watchers.size === 0) return;
    const message = `data: ${JSON.stringify(dashboardSnapshot(this.#server, false))}\n\n`;
    for (const res of this.#watchers) {
      if (res.writableLength > MAX_UNREAD) {
        this.#watchers.delete(res);
        res.destroy();
      } else {
        res.write(message);
      }
    }
  }

  /** Ends every stream. */
  close(): void {
    for (const res of this.#watchers) res.end();
    this.#watchers.clear();
  }
}
