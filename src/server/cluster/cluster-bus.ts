import { BatchWriter, decodeBatch, type LinkRecord } from './cluster-frames.js';
import type { RedisConnections } from './redis-client.js';

/** A batch is published once this many bytes wait for one node, without waiting for the tick. */
const FLUSH_BYTES = 256 * 1024;

/** Counters of the links between this node and the others (read by `/metrics`). */
export interface BusCounters {
  batchesOut: number;
  batchesIn: number;
  bytesOut: number;
  bytesIn: number;
  /** Batches that never arrived (gaps in a link's numbering, seen by the receiver). */
  lostBatches: number;
  /** Publishes that failed or reached no subscriber (the sender's count). */
  publishFailures: number;
  /** Published messages that were not batches of ours. */
  malformed: number;
}

interface OutLink {
  writer: BatchWriter;
  seq: number;
  scheduled: boolean;
  /** A publish failed: send a batch (even an empty one) until one arrives, so the receiver sees the gap. */
  probe: boolean;
}

/** The Pub/Sub channel node `node` listens on. */
export function nodeChannel(prefix: string, node: string): string {
  return `${prefix}n:${node}`;
}

/**
 * Messages between this node and the others over Redis Pub/Sub: one channel per node, records
 * batched per destination and published once per event-loop turn from one connection (so
 * Redis keeps their order), every batch numbered per link. A link on which something was lost
 * — a publish that failed or reached nobody, a gap in the numbers received — is reported
 * through `onLinkBroken`: the byte streams it carried cannot continue.
 */
export class ClusterBus {
  readonly counters: BusCounters = {
    batchesOut: 0,
    batchesIn: 0,
    bytesOut: 0,
    bytesIn: 0,
    lostBatches: 0,
    publishFailures: 0,
    malformed: 0,
  };
  /** A record from node `from`. */
  onRecord: ((from: string, record: LinkRecord) => void) | null = null;
  /**
   * Something sent to or from `node` was lost: `inbound` when a gap in what arrived from it
   * shows it (only streams that had already begun can miss bytes), else a publish to it failed.
   */
  onLinkBroken: ((node: string, inbound: boolean) => void) | null = null;
  readonly nodeId: string;
  readonly #prefix: string;
  readonly #redis: RedisConnections;
  readonly #out = new Map<string, OutLink>();
  /** The number the next batch from each node should carry. */
  readonly #expected = new Map<string, number>();
  #stopped = false;

  constructor(nodeId: string, prefix: string, redis: RedisConnections) {
    this.nodeId = nodeId;
    this.#prefix = prefix;
    this.#redis = redis;
    redis.sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => this.#receive(message));
  }

  /** Subscribes to this node's channel (resolves once Redis confirmed it). */
  async start(): Promise<void> {
    await this.#redis.sub.subscribe(nodeChannel(this.#prefix, this.nodeId));
  }

  /** Queues a record for node `to`; it leaves with the next batch. */
  send(to: string, kind: number, conn: number, payload?: Uint8Array): void {
    const link = this.#link(to);
    if (!link) return;
    link.writer.add(kind, conn, payload);
    this.#queued(to, link);
  }

  /** Queues one record whose payload is `parts` in turn (a socket's gathered writes). */
  sendParts(to: string, kind: number, conn: number, parts: readonly Uint8Array[]): void {
    const link = this.#link(to);
    if (!link) return;
    link.writer.addParts(kind, conn, parts);
    this.#queued(to, link);
  }

  /** The outgoing link to node `to` (made on first use); null once stopped. */
  #link(to: string): OutLink | null {
    if (this.#stopped) return null;
    let link = this.#out.get(to);
    if (!link) {
      link = { writer: new BatchWriter(this.nodeId), seq: 0, scheduled: false, probe: false };
      this.#out.set(to, link);
    }
    return link;
  }

  /** After a record was added: the batch leaves now when it is large, else on the next turn. */
  #queued(to: string, link: OutLink): void {
    if (link.writer.byteLength >= FLUSH_BYTES) this.#flush(to, link);
    else if (!link.scheduled) {
      link.scheduled = true;
      setImmediate(() => this.#flush(to, link));
    }
  }

  /**
   * Publishes an empty batch on every link that lost one, so that the receiver learns of the
   * gap (and lets go of the connections it carried) even when nothing else is sent to it.
   */
  probe(): void {
    for (const [to, link] of this.#out) if (link.probe) this.#flush(to, link);
  }

  /** Forgets the numbering of links with `node` (after it is known to be gone). */
  forget(node: string): void {
    this.#out.delete(node);
    this.#expected.delete(node);
  }

  stop(): void {
    this.#stopped = true;
    for (const [to, link] of this.#out) this.#flush(to, link);
  }

  #flush(to: string, link: OutLink): void {
    link.scheduled = false;
    if (link.writer.count === 0 && !link.probe) return;
    const batch = link.writer.take(link.seq);
    link.seq = (link.seq + 1) >>> 0;
    const { counters } = this;
    counters.batchesOut++;
    counters.bytesOut += batch.byteLength;
    const failed = () => {
      counters.publishFailures++;
      link.probe = true;
      this.onLinkBroken?.(to, false);
    };
    try {
      this.#redis.cmd.publish(nodeChannel(this.#prefix, to), batch).then((receivers) => {
        if (receivers === 0) failed();
        else link.probe = false;
      }, failed);
    } catch {
      failed();
    }
  }

  #receive(message: Buffer): void {
    const batch = decodeBatch(message);
    if (!batch) {
      this.counters.malformed++;
      return;
    }
    this.counters.batchesIn++;
    this.counters.bytesIn += message.byteLength;
    const expected = this.#expected.get(batch.from);
    this.#expected.set(batch.from, (batch.seq + 1) >>> 0);
    if (expected !== undefined && batch.seq !== expected) {
      this.counters.lostBatches += (batch.seq - expected) >>> 0;
      this.onLinkBroken?.(batch.from, true);
    }
    for (const record of batch.records) this.onRecord?.(batch.from, record);
  }
}
