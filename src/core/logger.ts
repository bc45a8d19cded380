/**
 * The library's one logger. Runtime failures return a Godot `Error` and log one message here;
 * nothing throws into a game loop. Replace the sink to route messages elsewhere (or silence them).
 *
 * Whatever the sink, lines are rate-limited (`setRateLimit`; default 20 a second with bursts
 * of 200) and held back while the process's stderr has more than 64 KiB waiting to be written,
 * so a remote peer that makes us log cannot fill the heap or the disk through the logger; what
 * is held back is counted and reported in one line once lines flow again.
 */
export type LogLevel = 'error' | 'warning' | 'info' | 'verbose';

export type LogSink = (level: LogLevel, message: string) => void;

const rank: Record<LogLevel, number> = { error: 0, warning: 1, info: 2, verbose: 3 };

/** Above this many bytes waiting on stderr, lines are suppressed (and counted). */
const STDERR_BACKLOG_LIMIT = 64 * 1024;

const consoleSink: LogSink = (level, message) => {
  const line = `[godot-websocket] ${level.toUpperCase()}: ${message}`;
  if (level === 'error') console.error(line);
  else if (level === 'warning') console.warn(line);
  else console.log(line);
};

let sink: LogSink = consoleSink;
let threshold: LogLevel = 'warning';

// Token bucket: `tokens` lines may go out now; it refills at `perSecond` up to `burst`.
let perSecond = 20;
let burst = 200;
let tokens = burst;
let refilledAt = 0;
let suppressed = 0;
let reportTimer: ReturnType<typeof setTimeout> | null = null;

/** Bytes waiting on the process's stderr (Node), or 0 where there is none (browsers). */
function stderrBacklog(): number {
  const stderr = (globalThis as { process?: { stderr?: { writableLength?: number } } }).process
    ?.stderr;
  return stderr?.writableLength ?? 0;
}

function emit(level: LogLevel, message: string): void {
  if (perSecond <= 0) {
    sink(level, message);
    return;
  }
  const now = performance.now();
  tokens = Math.min(burst, tokens + ((now - refilledAt) / 1000) * perSecond);
  refilledAt = now;
  if (tokens < 1 || stderrBacklog() > STDERR_BACKLOG_LIMIT) {
    suppressed++;
    scheduleReport();
    return;
  }
  if (suppressed > 0) reportSuppressed();
  tokens -= 1;
  sink(level, message);
}

function reportSuppressed(): void {
  const count = suppressed;
  suppressed = 0;
  const lines = `${count.toLocaleString('en-US')} log line${count === 1 ? '' : 's'}`;
  sink('warning', `${lines} suppressed (more than ${perSecond} a second, or stderr was full).`);
}

/** Reports the suppressed count even if no further line comes (once a second at most). */
function scheduleReport(): void {
  if (reportTimer !== null) return;
  reportTimer = setTimeout(() => {
    reportTimer = null;
    if (suppressed === 0) return;
    if (stderrBacklog() > STDERR_BACKLOG_LIMIT) {
      scheduleReport();
      return;
    }
    reportSuppressed();
  }, 1000);
  (reportTimer as { unref?: () => void }).unref?.();
}

export const logger = {
  /** Replaces where messages go; `null` restores the console sink. Returns the previous sink. */
  setSink(next: LogSink | null): LogSink {
    const previous = sink;
    sink = next ?? consoleSink;
    return previous;
  },
  /** Messages less severe than `level` are dropped (default `'warning'`). */
  setLevel(level: LogLevel): void {
    threshold = level;
  },
  getLevel(): LogLevel {
    return threshold;
  },
  /**
   * At most `linesPerSecond` lines a second on average, `burstLines` at once (defaults 20 and
   * 200); `0` turns the limit off. Lines over the limit are counted and reported in one line.
   */
  setRateLimit(linesPerSecond: number, burstLines = linesPerSecond * 10): void {
    perSecond = Math.max(0, linesPerSecond);
    burst = Math.max(1, burstLines);
    tokens = burst;
  },
  /** Lines suppressed by the rate limit and not yet reported. */
  getSuppressedCount(): number {
    return suppressed;
  },
  isEnabled(level: LogLevel): boolean {
    return rank[level] <= rank[threshold];
  },
  error(message: string): void {
    if (rank.error <= rank[threshold]) emit('error', message);
  },
  warning(message: string): void {
    if (rank.warning <= rank[threshold]) emit('warning', message);
  },
  info(message: string): void {
    if (rank.info <= rank[threshold]) emit('info', message);
  },
  verbose(message: string): void {
    if (rank.verbose <= rank[threshold]) emit('verbose', message);
  },
};
