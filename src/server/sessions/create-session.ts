import type { RoomKind, RoomServerSettings } from '../room-server-options.js';
import type { RpcTable } from '../rpc/rpc-manifest.js';
import { Godot3Session } from './godot3-session.js';
import { Godot4Session } from './godot4-session.js';
import { PlainSession } from './plain-session.js';
import type { RoomSession, SessionEvents, SessionSettings } from './room-session.js';

/** A fresh session of `kind` for a new room. */
export function createSession(
  kind: RoomKind,
  settings: SessionSettings,
  events: SessionEvents,
): RoomSession {
  switch (kind) {
    case 'godot4':
      return new Godot4Session(settings, events);
    case 'godot3':
      return new Godot3Session(settings, events);
    case 'broadcast':
    case 'echo':
      return new PlainSession(kind, settings, events);
  }
}

/** The session of room `name` of a room server with `settings` (all its rooms share `rpc`). */
export function createRoomSession(
  settings: RoomServerSettings,
  name: string,
  rpc: RpcTable,
  events: SessionEvents,
): RoomSession {
  const s = settings;
  return createSession(
    s.kind,
    {
      protocols: s.protocols,
      maxMessage: s.maxMessage,
      heartbeat: s.heartbeat,
      handshakeTimeout: s.handshakeTimeout,
      notices: s.notices,
      auth: s.auth ? (id, data) => s.auth?.(name, id, data) : null,
      authTimeout: s.authTimeout,
      rpc,
      label: name,
    },
    events,
  );
}
