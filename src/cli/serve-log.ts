import type { ConsoleOutput } from './console-output.js';
import { describeClose } from './describe-close.js';

/** Event lines printed per second at most; the rest are counted and summed up once a second. */
const LINES_PER_SECOND = 50;

type Kind = 'join' | 'leave' | 'refusal' | 'room';

/**
 * The serve command's event log: one line per join, leave, refusal and room, as text or as one
 * JSON object per line. A crowd (or an attacker) cannot flood it: past 50 lines in a second the
 * rest are only counted, and one summary line a second says how many were left out. With
 * `events` false (`--log-level error`) none of these lines is printed, only notices.
 */
export class ServeLog {
  readonly #out: ConsoleOutput;
  readonly #json: boolean;
  readonly #events: boolean;
  #windowStart = 0;
  #printed = 0;
  readonly #skipped = new Map<Kind, number>();

  constructor(out: ConsoleOutput, format: 'text' | 'json', events = true) {
    this.#out = out;
    this.#json = format === 'json';
    this.#events = events;
  }

  joined(room: string, id: number, address: string): void {
    this.#emit('join', `${room}: peer ${id} joined from ${address}`, { room, id, address });
  }

  left(room: string, id: number, address: string, code: number, reason: string): void {
    const how = describeClose(code, reason);
    this.#emit('leave', `${room}: peer ${id} left (${address}): ${how}`, {
      room,
      id,
      address,
      code,
      reason: reason.replace(/\0$/, ''),
    });
  }

  refused(address: string, status: number, reason: string): void {
    this.#emit('refusal', `refused ${address}: ${status} ${reason}`, { address, status, reason });
  }

  room(room: string, opened: boolean): void {
    this.#emit('room', `${room}: room ${opened ? 'created' : 'closed'}`, {
      room,
      state: opened ? 'created' : 'closed',
    });
  }

  /** A line that is never held back (start, stop). */
  notice(text: string): void {
    this.#out.line(
      this.#json ? JSON.stringify({ time: new Date().toISOString(), event: 'notice', text }) : text,
    );
  }

  /** Prints the summary of what was left out (call about once a second; `force`: now). */
  flush(force = false, now = Date.now()): void {
    if (!force && now - this.#windowStart < 1000) return;
    this.#windowStart = now;
    this.#printed = 0;
    if (this.#skipped.size === 0) return;
    const counts = Object.fromEntries(this.#skipped);
    this.#skipped.clear();
    if (this.#json) {
      this.#out.line(
        JSON.stringify({ time: new Date(now).toISOString(), event: 'suppressed', ...counts }),
      );
      return;
    }
    const parts = Object.entries(counts).map(
      ([kind, n]) => `${n.toLocaleString('en-US')} ${kind} line${n === 1 ? '' : 's'}`,
    );
    this.#out.line(
      `… ${parts.join(', ')} not shown (more than ${LINES_PER_SECOND} lines in a second)`,
    );
  }

  #emit(kind: Kind, text: string, fields: Record<string, unknown>): void {
    if (!this.#events) return;
    const now = Date.now();
    this.flush(false, now);
    if (this.#printed >= LINES_PER_SECOND) {
      this.#skipped.set(kind, (this.#skipped.get(kind) ?? 0) + 1);
      return;
    }
    this.#printed++;
    const line = this.#json
      ? JSON.stringify({ time: new Date(now).toISOString(), event: kind, ...fields })
      : text;
    this.#out.line(line);
  }
}
