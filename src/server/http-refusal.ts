import type { Socket } from 'node:net';
import { buildHttpErrorResponse } from '../protocol/handshake-server.js';
import type { RefusalReason } from './server-stats.js';

/** How long a refused client has to read the answer before its socket is destroyed. */
const LINGER_MS = 2000;

/**
 * Answers an upgrade request with an HTTP error (`status`, one line of `reason` as the body)
 * and closes: a Godot client then fails its connection (`connection_failed`) instead of
 * seeing a session that opens and drops.
 */
export function refuseUpgrade(socket: Socket, status: number, reason: string): void {
  if (socket.destroyed) return;
  socket.on('error', () => socket.destroy());
  socket.end(buildHttpErrorResponse(status, undefined, [], `${reason}\n`));
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** Why a join is refused: the HTTP status, the metric's reason, and the one-line body. */
export interface Refusal {
  status: number;
  why: RefusalReason;
  text: string;
}

export function refusal(status: number, why: RefusalReason, text: string): Refusal {
  return { status, why, text };
}
