import type { IncomingMessage } from 'node:http';

/** What an `onConnect` hook is told about a client that wants to join. */
export interface ConnectRequest {
  /** The request target as sent: path and query (`/lobby?token=abc`). */
  url: string;
  /** The room the path names (`/lobby`), or "" when the path is not a valid room name. */
  room: string;
  /** The query's parameters (`{ token: 'abc' }`; the last value of a repeated name). */
  query: Record<string, string>;
  /** Request headers, names in lower case. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** "host:port" of the client. */
  address: string;
}

/**
 * An `onConnect` hook's verdict: `undefined` / `true` accept into the room of the path;
 * `{ room?, data? }` accepts into `room` (default: the path's) and keeps `data` for the peer
 * (`room.getPeerData(id)`, e.g. the player's name or account); `false` refuses with 403;
 * `{ status, reason }` refuses with that HTTP status (400–599) and a one-line reason.
 */
export type ConnectVerdict =
  | undefined
  | boolean
  | { room?: string; data?: unknown }
  | { status: number; reason?: string }
  // biome-ignore lint/suspicious/noConfusingVoidType: hooks that return nothing accept.
  | void;

export type ConnectHook = (request: ConnectRequest) => ConnectVerdict | Promise<ConnectVerdict>;

/** A verdict made uniform: a room to join (null: the path's) and the peer's data, or a refusal. */
export type Decision = { room: string | null; data: unknown } | { status: number; reason: string };

/** Turns a hook's answer into a decision (anything unexpected refuses with 500). */
export function decide(verdict: ConnectVerdict): Decision {
  if (verdict === undefined || verdict === true) return { room: null, data: undefined };
  if (verdict === false) return { status: 403, reason: 'refused by the server' };
  if (typeof verdict === 'object' && verdict !== null) {
    if ('status' in verdict && Number.isInteger(verdict.status)) {
      const status = verdict.status >= 400 && verdict.status <= 599 ? verdict.status : 403;
      const reason = String(verdict.reason ?? 'refused by the server').replace(/[\r\n]+/g, ' ');
      return { status, reason: reason.slice(0, 200) };
    }
    if (!('status' in verdict)) {
      const room = 'room' in verdict && typeof verdict.room === 'string' ? verdict.room : null;
      return { room, data: 'data' in verdict ? verdict.data : undefined };
    }
  }
  return { status: 500, reason: 'the server could not decide' };
}

/** The hook's view of an upgrade request. */
export function connectRequest(
  req: IncomingMessage,
  room: string,
  address: string,
): ConnectRequest {
  const url = req.url ?? '/';
  const query: Record<string, string> = {};
  const at = url.indexOf('?');
  if (at >= 0) for (const [k, v] of new URLSearchParams(url.slice(at + 1))) query[k] = v;
  return { url, room, query, headers: req.headers, address };
}

/**
 * Runs the hook, bounded: a throw refuses with 500, a promise that does not settle within
 * `timeoutMs` refuses with 503. `report` gets a one-line account of what went wrong.
 */
export function runConnectHook(
  hook: ConnectHook,
  request: ConnectRequest,
  timeoutMs: number,
  report: (problem: string) => void,
): Decision | Promise<Decision> {
  let answer: ConnectVerdict | Promise<ConnectVerdict>;
  try {
    answer = hook(request);
  } catch (err) {
    report(`onConnect threw: ${describe(err)}`);
    return { status: 500, reason: 'the server could not decide' };
  }
  if (!(answer instanceof Promise)) return decide(answer);
  return new Promise<Decision>((resolve) => {
    const timer = setTimeout(() => {
      report(`onConnect did not answer within ${timeoutMs} ms`);
      resolve({ status: 503, reason: 'the server did not decide in time' });
    }, timeoutMs);
    answer.then(
      (verdict) => {
        clearTimeout(timer);
        resolve(decide(verdict));
      },
      (err: unknown) => {
        clearTimeout(timer);
        report(`onConnect failed: ${describe(err)}`);
        resolve({ status: 500, reason: 'the server could not decide' });
      },
    );
  });
}

function describe(err: unknown): string {
  return err instanceof globalThis.Error ? err.message : String(err);
}

/**
 * Asks `hook` about one upgrade and hands the decision to `apply`: at once when the hook
 * answered synchronously, or when its promise settles (bounded by `timeoutMs`).
 */
export function askConnectHook(
  hook: ConnectHook,
  request: ConnectRequest,
  timeoutMs: number,
  report: (problem: string) => void,
  apply: (decision: Decision) => void,
): void {
  const decision = runConnectHook(hook, request, timeoutMs, report);
  if (decision instanceof Promise) void decision.then(apply);
  else apply(decision);
}
