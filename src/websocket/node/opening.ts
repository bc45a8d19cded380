import type { ByteChannel } from '../../net/byte-channel.js';

/** Where an opening handshake stands after a poll. */
export type OpeningResult =
  | { status: 'pending' }
  | {
      status: 'open';
      channel: ByteChannel;
      protocol: string;
      /** Bytes read past the HTTP head: the first WebSocket frames. */
      leftover: Uint8Array;
      /** Server side: the URL the client asked for (ws[s]:// + Host + path). */
      requestedUrl?: string;
    }
  | {
      status: 'failed';
      /** A stable code for `getLastError()` (see core/last-error.ts). */
      code: string;
      reason: string;
      /**
       * Server side: the other side never sent a byte (a browser's speculative preconnect, a
       * port scan): not worth a warning.
       */
      quiet?: boolean;
      /** Server side: the request hook answered it (a deliberate HTTP answer, not a fault). */
      answered?: boolean;
    };

/** One side's opening handshake (client or server), advanced by `poll()`. */
export interface Opening {
  poll(nowMs: number): OpeningResult;
  /** Drops whatever the handshake holds (socket included). */
  abort(): void;
}
