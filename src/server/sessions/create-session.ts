import type { RoomKind } from '../room-server-options.js';
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
