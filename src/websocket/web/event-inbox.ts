import { logger } from '../../core/logger.js';
import type { PacketQueue } from '../../core/packet-queue.js';

/** A browser `WebSocket` event as the peer keeps it until `poll()` applies it. */
export type RecordedEvent =
  | { readonly kind: 'open'; readonly protocol: string }
  | { readonly kind: 'message'; readonly data: Uint8Array; readonly isString: boolean }
  | {
      readonly kind: 'close';
      readonly code: number;
      readonly reason: string;
      readonly wasClean: boolean;
      /** The browser fired `error` before this close (a failed or broken connection). */
      readonly error: boolean;
    };

let textEncoder: TextEncoder | undefined;

/**
 * Browser events recorded in arrival order, waiting for the next `poll()`. Messages waiting here
 * count against the inbound limits of the queue they will go to, so memory stays bounded by
 * `inboundBufferSize` / `maxQueuedPackets` however long the application waits to poll.
 */
export class EventInbox {
  #events: RecordedEvent[] = [];
  #messages = 0;
  #bytes = 0;

  /** Records an open or close event. */
  record(event: RecordedEvent): void {
    this.#events.push(event);
  }

  /**
   * Records a message event's data (a string or an ArrayBuffer) if it fits `queue` together
   * with what `queue` holds and what waits here; otherwise drops it with one logged error, as
   * Godot's Web build does (a browser cannot pause reading). Returns whether it was kept.
   */
  recordMessage(data: unknown, queue: PacketQueue): boolean {
    let bytes: Uint8Array;
    if (typeof data === 'string') {
      textEncoder ??= new TextEncoder();
      bytes = textEncoder.encode(data);
    } else if (data instanceof ArrayBuffer) {
      bytes = new Uint8Array(data);
    } else {
      logger.error('Dropping a message of an unsupported type (binaryType must be "arraybuffer").');
      return false;
    }
    const count = queue.count + this.#messages;
    const total = queue.bytes + this.#bytes + bytes.byteLength;
    if (count >= queue.maxPackets || (queue.maxBytes > 0 && total > queue.maxBytes)) {
      logger.error(
        `Dropping a message of ${bytes.byteLength} bytes: the inbound queue is full ` +
          `(inboundBufferSize ${queue.maxBytes}, maxQueuedPackets ${queue.maxPackets}).`,
      );
      return false;
    }
    this.#messages++;
    this.#bytes += bytes.byteLength;
    this.#events.push({ kind: 'message', data: bytes, isString: typeof data === 'string' });
    return true;
  }

  /** Takes every recorded event, oldest first, leaving the inbox empty. */
  drain(): RecordedEvent[] {
    const events = this.#events;
    this.clear();
    return events;
  }

  /** Forgets the recorded messages, keeping open/close events (what `close()` does to unread data). */
  discardMessages(): void {
    if (this.#messages > 0) this.#events = this.#events.filter((e) => e.kind !== 'message');
    this.#messages = 0;
    this.#bytes = 0;
  }

  clear(): void {
    this.#events = [];
    this.#messages = 0;
    this.#bytes = 0;
  }

  get length(): number {
    return this.#events.length;
  }
}
