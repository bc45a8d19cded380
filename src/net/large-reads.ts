import { logger } from '../core/logger.js';

/**
 * A hint for a driver that polls on socket activity once per event-loop turn (`godot-ws serve`:
 * `setImmediate`, so that small messages from many sockets are read, answered and written
 * together): a read of at least `LARGE_READ_BYTES` asks for a poll at once instead. Large
 * messages gain nothing from that batching, and their chunks and buffers waiting for the turn's
 * poll outlive scavenges and cost mark-compacts and fresh pages (bench/README.md, the CLI against
 * the example). One handler per process; null (the default) turns the hint off.
 */
export const LARGE_READ_BYTES = 16 * 1024;

let handler: (() => void) | null = null;

/** Sets what a large read calls (null: nothing). */
export function setLargeReadHandler(callback: (() => void) | null): void {
  handler = callback;
}

/** A socket read `bytes`: calls the handler when that is a large read. */
export function noteRead(bytes: number): void {
  if (bytes < LARGE_READ_BYTES || handler === null) return;
  try {
    handler();
  } catch (err) {
    logger.error(`large-read handler threw: ${String(err)}`);
  }
}
