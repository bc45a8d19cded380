/**
 * The library's one logger. Runtime failures return a Godot `Error` and log one message here;
 * nothing throws into a game loop. Replace the sink to route messages elsewhere (or silence them).
 */
export type LogLevel = 'error' | 'warning' | 'info' | 'verbose';

export type LogSink = (level: LogLevel, message: string) => void;

const rank: Record<LogLevel, number> = { error: 0, warning: 1, info: 2, verbose: 3 };

const consoleSink: LogSink = (level, message) => {
  const line = `[godot-websocket] ${level.toUpperCase()}: ${message}`;
  if (level === 'error') console.error(line);
  else if (level === 'warning') console.warn(line);
  else console.log(line);
};

let sink: LogSink = consoleSink;
let threshold: LogLevel = 'warning';

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
  isEnabled(level: LogLevel): boolean {
    return rank[level] <= rank[threshold];
  },
  error(message: string): void {
    if (rank.error <= rank[threshold]) sink('error', message);
  },
  warning(message: string): void {
    if (rank.warning <= rank[threshold]) sink('warning', message);
  },
  info(message: string): void {
    if (rank.info <= rank[threshold]) sink('info', message);
  },
  verbose(message: string): void {
    if (rank.verbose <= rank[threshold]) sink('verbose', message);
  },
};
