/** One connected client, as the status page and the log show it. */
export interface PeerRecord {
  id: number;
  address: string;
  /** Date.now() at connection. */
  since: number;
}

/** Counters for the status line and page: peers, totals, per-second rates. */
export class ServeStats {
  readonly startedAt = Date.now();
  readonly peers = new Map<number, PeerRecord>();
  connections = 0;
  messages = 0;
  bytes = 0;
  messageRate = 0;
  byteRate = 0;
  #lastMessages = 0;
  #lastBytes = 0;
  #lastSample = performance.now();

  joined(id: number, address: string): void {
    this.connections++;
    this.peers.set(id, { id, address, since: Date.now() });
  }

  left(id: number): PeerRecord | undefined {
    const record = this.peers.get(id);
    this.peers.delete(id);
    return record;
  }

  received(bytes: number): void {
    this.messages++;
    this.bytes += bytes;
  }

  /** Updates the rates from the counts since the last sample. */
  sample(now = performance.now()): void {
    const seconds = (now - this.#lastSample) / 1000;
    if (seconds <= 0) return;
    this.messageRate = (this.messages - this.#lastMessages) / seconds;
    this.byteRate = (this.bytes - this.#lastBytes) / seconds;
    this.#lastMessages = this.messages;
    this.#lastBytes = this.bytes;
    this.#lastSample = now;
  }

  /** "3 peers · 120 msg/s · 45.2 KiB/s" */
  statusLine(): string {
    const n = this.peers.size;
    return `${n} peer${n === 1 ? '' : 's'} · ${this.messageRate.toFixed(0)} msg/s · ${formatBytes(this.byteRate)}/s`;
  }
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes.toFixed(0)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** 3725 s → "1h 2m 5s". */
export function formatDuration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}
