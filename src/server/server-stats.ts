import { TrafficMeter } from '../core/traffic-meter.js';

/** Why a connection was refused in the handshake (a label in `/metrics`). */
export type RefusalReason =
  | 'bad-name'
  | 'unknown-room'
  | 'room-full'
  | 'server-full'
  | 'too-many-rooms'
  | 'shutting-down'
  | 'hook'
  | 'cluster'
  | 'not-websocket';

/** One second of the dashboard's chart. */
export interface Sample {
  /** Unix time in ms. */
  t: number;
  peers: number;
  rooms: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
}

/** How many seconds of samples the dashboard keeps (ten minutes). */
export const HISTORY_SECONDS = 600;

/**
 * The room server's counters (what `/metrics` and the dashboard read): totals since start,
 * by reason and by close code, and one sample per second for the chart. Counting is one
 * addition per event; rates are made once a second from the totals.
 */
export class ServerStats {
  readonly startedAt = Date.now();
  accepted = 0;
  joined = 0;
  left = 0;
  /** Clients that were accepted but never became members (handshake or authentication). */
  failed = 0;
  roomsCreated = 0;
  roomsClosed = 0;
  readonly refused = new Map<RefusalReason, number>();
  readonly closeCodes = new Map<number, number>();
  readonly samples: Sample[] = [];
  #last: { t: number; traffic: TrafficMeter } | null = null;

  refuse(reason: RefusalReason): void {
    this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
  }

  closed(code: number): void {
    this.closeCodes.set(code, (this.closeCodes.get(code) ?? 0) + 1);
  }

  /** Adds a sample from the current totals (call about once a second). */
  sample(now: number, peers: number, rooms: number, traffic: TrafficMeter): void {
    const last = this.#last;
    const current = new TrafficMeter();
    current.add(traffic);
    this.#last = { t: now, traffic: current };
    if (!last) return;
    const seconds = Math.max((now - last.t) / 1000, 0.001);
    const rate = (a: number, b: number) => Math.max(0, Math.round((a - b) / seconds));
    this.samples.push({
      t: now,
      peers,
      rooms,
      messagesIn: rate(current.messagesIn, last.traffic.messagesIn),
      messagesOut: rate(current.messagesOut, last.traffic.messagesOut),
      bytesIn: rate(current.bytesIn, last.traffic.bytesIn),
      bytesOut: rate(current.bytesOut, last.traffic.bytesOut),
    });
    if (this.samples.length > HISTORY_SECONDS) this.samples.shift();
  }
}
