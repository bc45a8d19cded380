import { TrafficMeter } from '../core/traffic-meter.js';
import { addRateLimitCounts, emptyRateLimitCounts, type RateLimitCounts } from './peer-limits.js';
import type { Room } from './room.js';
import { addRpcCounts } from './rpc/rpc-drops.js';

/**
 * What the server has counted since start, summed over its live rooms and the rooms it has
 * closed (a room keeps its own meters while it lives; they are folded in here when it closes).
 */
export class RoomTotals {
  /** Traffic of rooms already closed. */
  readonly closedTraffic = new TrafficMeter();
  /** Packets dropped in rooms already closed. */
  closedDropped = 0;
  /** RPC counters of rooms already closed. */
  readonly closedRpc = new Map<string, number>();
  /** What the rate limits of rooms already closed dropped and kicked. */
  readonly closedRateLimits = emptyRateLimitCounts();

  /** @internal Keeps the numbers of a room that is closing (the room server calls it). */
  retire(room: Room): void {
    this.closedTraffic.add(room.session.traffic);
    this.closedDropped += room.session.dropped;
    if (room.session.rpc) addRpcCounts(this.closedRpc, room.session.rpc.stats);
    addRateLimitCounts(this.closedRateLimits, room.rateLimits.counts);
  }

  traffic(rooms: Iterable<Room>): TrafficMeter {
    const total = new TrafficMeter();
    total.add(this.closedTraffic);
    for (const room of rooms) total.add(room.session.traffic);
    return total;
  }

  rpcCounts(rooms: Iterable<Room>): Map<string, number> {
    const out = new Map(this.closedRpc);
    for (const room of rooms) if (room.session.rpc) addRpcCounts(out, room.session.rpc.stats);
    return out;
  }

  dropped(rooms: Iterable<Room>): Map<string, number> {
    const list = [...rooms];
    let full = this.closedDropped;
    for (const room of list) full += room.session.dropped;
    const limited = this.rateLimits(list);
    return new Map([
      ['recipient-buffer-full', full],
      ['rate-limited', limited.messages],
    ]);
  }

  /** Messages and bytes the members' rate limits dropped, and members kicked for it. */
  rateLimits(rooms: Iterable<Room>): RateLimitCounts {
    const out = emptyRateLimitCounts();
    addRateLimitCounts(out, this.closedRateLimits);
    for (const room of rooms) addRateLimitCounts(out, room.rateLimits.counts);
    return out;
  }
}
