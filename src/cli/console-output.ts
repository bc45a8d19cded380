import { type LogLevel, logger } from '../core/logger.js';

/**
 * The terminal as the serve command uses it: event lines on stdout, library log lines on
 * stderr, and (only when stdout is a TTY) one live status line kept under the last event line.
 */
export class ConsoleOutput {
  readonly #tty: boolean;
  #status = '';

  constructor(tty = process.stdout.isTTY === true) {
    this.#tty = tty;
  }

  /** Whether the live status line is shown. */
  get tty(): boolean {
    return this.#tty;
  }

  /** Prints one event line (above the status line). */
  line(text: string): void {
    this.#clear();
    process.stdout.write(`${text}\n`);
    this.#draw();
  }

  /** Prints one line on stderr (above the status line). */
  errorLine(text: string): void {
    this.#clear();
    process.stderr.write(`${text}\n`);
    this.#draw();
  }

  /** Replaces the live status line (ignored unless stdout is a TTY). */
  status(text: string): void {
    if (!this.#tty) return;
    this.#status = text;
    process.stdout.write(`\r\x1b[2K${text}`);
  }

  /** Removes the status line for good (before exiting). */
  endStatus(): void {
    this.#clear();
    this.#status = '';
  }

  /** Routes the library's log messages (at `level` and above) to stderr, above the status line. */
  captureLibraryLog(level: LogLevel): void {
    logger.setLevel(level);
    logger.setSink((lvl, message) => this.errorLine(`[${lvl}] ${message}`));
  }

  #clear(): void {
    if (this.#tty && this.#status) process.stdout.write('\r\x1b[2K');
  }

  #draw(): void {
    if (this.#tty && this.#status) process.stdout.write(this.#status);
  }
}
