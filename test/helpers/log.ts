import { type LogLevel, logger } from '../../src/core/logger.js';

/** Captures the library's log lines until `restore()` is called. */
export function captureLog(level: LogLevel = 'warning') {
  const lines: string[] = [];
  const previousLevel = logger.getLevel();
  logger.setLevel(level);
  const previous = logger.setSink((lvl, message) => lines.push(`${lvl}: ${message}`));
  return {
    lines,
    restore(): void {
      logger.setSink(previous);
      logger.setLevel(previousLevel);
    },
  };
}
