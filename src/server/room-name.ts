/**
 * The rule for room names, which come from the request path of a WebSocket URL
 * (`ws://host:9080/match/7f3k` → room `/match/7f3k`):
 *
 * - the path is percent-decoded once (a malformed escape is refused), the query is not part of it;
 * - a name is the decoded path itself, starting with "/"; "/" is the default room;
 * - letters are folded to lower case (`/Lobby` and `/lobby` are one room), so a join code can
 *   be typed in either case;
 * - allowed: `a-z`, `0-9`, `-`, `_`, `.`, and "/" between non-empty segments; no segment is "."
 *   or ".."; one trailing "/" is ignored (`/lobby/` = `/lobby`);
 * - at most {@link MAX_ROOM_NAME} characters, the leading "/" included.
 */
export const MAX_ROOM_NAME = 64;

/** The default room: what a client that connects to `ws://host:port` (or `/`) joins. */
export const DEFAULT_ROOM = '/';

export type RoomNameResult = { ok: true; name: string } | { ok: false; reason: string };

const SEGMENT = /^[a-z0-9._-]+$/;

/** The room a request path (with or without a query) names, or why it names none. */
export function roomNameFromPath(path: string): RoomNameResult {
  const query = path.indexOf('?');
  const raw = query < 0 ? path : path.slice(0, query);
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { ok: false, reason: 'the room name has a malformed %-escape' };
  }
  return normalizeRoomName(decoded);
}

/** Checks and folds a room name given directly (e.g. in `POST /rooms` or `--room`). */
export function normalizeRoomName(name: string): RoomNameResult {
  let folded = name.toLowerCase();
  if (!folded.startsWith('/')) folded = `/${folded}`;
  if (folded.length > 1 && folded.endsWith('/')) folded = folded.slice(0, -1);
  if (folded === DEFAULT_ROOM) return { ok: true, name: DEFAULT_ROOM };
  if (folded.length > MAX_ROOM_NAME) {
    return { ok: false, reason: `room names are at most ${MAX_ROOM_NAME} characters` };
  }
  for (const segment of folded.slice(1).split('/')) {
    if (segment === '') return { ok: false, reason: 'the room name has an empty segment (//)' };
    if (segment === '.' || segment === '..') {
      return { ok: false, reason: `the room name has a "${segment}" segment` };
    }
    if (!SEGMENT.test(segment)) {
      return { ok: false, reason: 'room names may only hold a-z, 0-9, "-", "_", "." and "/"' };
    }
  }
  return { ok: true, name: folded };
}
