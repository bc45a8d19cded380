// One running Godot 4 Web engine: the browser it runs in and everything it reported so far.
import type { ChromiumProcess } from './chromium.js';
import type { PageEvent } from './page.js';

/** What a finished (or killed) instance reported. */
export interface Godot4Result {
  /** Every stdout line (GDScript `print`), in order, without the engine's banner. */
  lines: string[];
  /** The engine's own start-up lines (see {@link ENGINE_BANNER}). */
  banner: string[];
  /** Every stderr line (`printerr`, `push_error`, engine errors and warnings), in order. */
  errors: string[];
  /** Code given to `get_tree().quit(code)`; null if the engine did not quit (killed, hung). */
  exitCode: number | null;
  /** Page-level JavaScript errors (engine failed to load, …); empty when all went well. */
  pageErrors: string[];
  /** Milliseconds from starting the browser to the engine's first output line (null: none). */
  startupMs: number | null;
}

/**
 * Lines the engine itself prints before the game's first line (kept apart from `lines`, so a
 * scenario's output can be compared exactly). `--no-header` drops the version and renderer
 * lines; the Web platform still prints its build configuration.
 */
export const ENGINE_BANNER = /^(Godot Engine v|OpenGL API |Build configuration: )/;

interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

/** A running engine instance; create it with `Godot4Host.start`. */
export class Godot4Instance {
  /** Short id, also the path segment of its page (`/run/<id>/`). */
  readonly id: string;
  /** Scenario name, for messages. */
  readonly name: string;
  readonly lines: string[] = [];
  readonly banner: string[] = [];
  readonly errors: string[] = [];
  readonly pageErrors: string[] = [];
  exitCode: number | null = null;
  /** Time (performance.now) at which the browser was started. */
  readonly startedAt: number;
  firstOutputAt: number | null = null;
  private browser: ChromiumProcess | null = null;
  private browserGone = false;
  private waiters: Waiter[] = [];
  private readonly onKilled: (instance: Godot4Instance) => void;

  constructor(id: string, name: string, onKilled: (instance: Godot4Instance) => void) {
    this.id = id;
    this.name = name;
    this.startedAt = performance.now();
    this.onKilled = onKilled;
  }

  /** @internal Attaches the browser process; its exit wakes every waiter. */
  attach(browser: ChromiumProcess): void {
    this.browser = browser;
    void browser.exited.then(() => {
      this.browserGone = true;
      this.wake();
    });
  }

  /** PID of the browser process (its process group id); undefined before it started. */
  get pid(): number | undefined {
    return this.browser?.pid;
  }

  /** The browser's temporary directory (profile and HOME); removed by {@link kill}. */
  get browserDir(): string | undefined {
    return this.browser?.rootDir;
  }

  /** True once the engine reported its exit code. */
  get exited(): boolean {
    return this.exitCode !== null;
  }

  /** @internal Records events POSTed by the page. */
  receive(events: readonly PageEvent[]): void {
    for (const event of events) {
      const text = event.text;
      switch (event.kind) {
        case 'print':
          this.noteOutput();
          for (const line of text.split('\n')) {
            if (this.lines.length === 0 && ENGINE_BANNER.test(line)) this.banner.push(line);
            else this.lines.push(line);
          }
          break;
        case 'printError':
          this.noteOutput();
          this.errors.push(...text.split('\n'));
          break;
        case 'exit':
          this.exitCode = Number(text);
          break;
        case 'pageError':
          this.pageErrors.push(text);
          break;
        default:
          break;
      }
    }
    this.wake();
  }

  private noteOutput(): void {
    this.firstOutputAt ??= performance.now();
  }

  /** Snapshot of everything reported so far. */
  result(): Godot4Result {
    return {
      lines: [...this.lines],
      banner: [...this.banner],
      errors: [...this.errors],
      exitCode: this.exitCode,
      pageErrors: [...this.pageErrors],
      startupMs:
        this.firstOutputAt === null ? null : Math.round(this.firstOutputAt - this.startedAt),
    };
  }

  /** A multi-line account of what was seen so far, for failure messages. */
  describe(): string {
    const r = this.result();
    const parts = [
      `godot4 instance ${this.name}#${this.id} (browser pid ${this.pid ?? '?'})`,
      `exit code: ${r.exitCode ?? 'none'}`,
      `stdout (${r.lines.length} lines):`,
      ...r.lines.map((l) => `  | ${l}`),
      `stderr (${r.errors.length} lines):`,
      ...r.errors.map((l) => `  ! ${l}`),
    ];
    if (r.pageErrors.length > 0) parts.push('page errors:', ...r.pageErrors.map((l) => `  # ${l}`));
    if (this.browserGone && this.browser) {
      parts.push(`browser exited; its stderr tail:\n${this.browser.stderr.slice(-2000)}`);
    }
    return parts.join('\n');
  }

  /**
   * Waits until a stdout line at index `from` or later equals `pattern` (a string) or matches
   * it (a RegExp), and returns it; lines already seen count. Rejects after `deadlineMs`, or when
   * the engine quits or the browser dies first, with everything seen so far in the message.
   * To wait for a later occurrence, pass `from = instance.lines.length` first.
   */
  async waitForLine(pattern: RegExp | string, deadlineMs = 30_000, from = 0): Promise<string> {
    const matches = (l: string) => (typeof pattern === 'string' ? l === pattern : pattern.test(l));
    let found: string | undefined;
    await this.waitUntil(
      () => {
        found = this.lines.slice(from).find(matches);
        return found !== undefined || this.exited || this.browserGone || this.pageErrors.length > 0;
      },
      deadlineMs,
      `a line matching ${String(pattern)}`,
    );
    if (found === undefined) {
      throw new Error(
        `no line matching ${String(pattern)} before the engine stopped\n${this.describe()}`,
      );
    }
    return found;
  }

  /**
   * Waits for the engine to quit and returns the result. Rejects after `deadlineMs`, or if the
   * browser dies or the page fails first, with everything seen so far in the message.
   */
  async waitForExit(deadlineMs = 30_000): Promise<Godot4Result> {
    await this.waitUntil(
      () => this.exited || this.browserGone || this.pageErrors.length > 0,
      deadlineMs,
      'the engine to quit',
    );
    if (!this.exited) throw new Error(`the engine did not quit\n${this.describe()}`);
    return this.result();
  }

  private waitUntil(check: () => boolean, deadlineMs: number, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(`timed out after ${deadlineMs} ms waiting for ${what}\n${this.describe()}`),
        );
      }, deadlineMs);
      this.waiters.push(waiter);
    });
  }

  private wake(): void {
    const ready = this.waiters.filter((w) => w.check());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  /** Ends the browser's process group (by its PID) and removes its profile. Idempotent. */
  async kill(): Promise<void> {
    if (this.browser) await this.browser.kill();
    this.browserGone = true;
    this.wake();
    this.onKilled(this);
  }
}
