import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { logger } from '../../core/logger.js';
import type { ConnectRequest } from '../connect-hook.js';
import type { Room } from '../room.js';
import type { RoomServer } from '../room-server.js';
import type { RoomServerOptions } from '../room-server-options.js';
import type { JoinRequest } from '../signaling/signaling-options.js';
import type { ScriptServer, ServerScript, SignalingJoin } from './server-script.js';

/** What a server script module gives: its default export, and its `rpc` export if any. */
export interface ServerScriptModule {
  main: ServerScript;
  /**
   * `export const rpc = { manifest, maxArgBytes, clientToClient }`: the RPC options the server
   * is made with (a Godot 4 room needs the manifest to name methods). Null if not exported.
   */
  rpc: RoomServerOptions['rpc'] | null;
}

/** Loads a server script module (an ES module whose default export is a function). */
export async function loadServerScriptModule(path: string): Promise<ServerScriptModule> {
  const module = (await import(pathToFileURL(resolve(path)).href)) as {
    default?: unknown;
    rpc?: unknown;
  };
  if (typeof module.default !== 'function') {
    throw new TypeError(
      'it must export a default function, e.g. `export default (server) => { … }`',
    );
  }
  if (module.rpc !== undefined && (typeof module.rpc !== 'object' || module.rpc === null)) {
    throw new TypeError('its `rpc` export must be an object, e.g. `{ manifest: { … } }`');
  }
  return {
    main: module.default as ServerScript,
    rpc: (module.rpc as RoomServerOptions['rpc'] | undefined) ?? null,
  };
}

/** Loads a server script module's default export (see `loadServerScriptModule`). */
export async function loadServerScript(path: string): Promise<ServerScript> {
  return (await loadServerScriptModule(path)).main;
}

type Hook = 'onJoin' | 'onLeave' | 'onPacket' | 'onRpc' | 'onRoomCreated' | 'onRoomClosed';

/**
 * Runs `script` against `rooms`: hands it the server object, then calls its hooks from the
 * room server's signals, each inside a try/catch (a throw is logged with the hook's name and
 * the room, at most every 10 s per hook and room, and counted in `rooms.hookErrors`).
 */
export async function attachScript(
  rooms: RoomServer,
  script: ServerScript,
  name = 'script',
): Promise<ScriptServer> {
  const server: ScriptServer = {
    onConnect: null,
    onJoin: null,
    onLeave: null,
    onPacket: null,
    onRpc: null,
    onSignalingJoin: null,
    onRoomCreated: null,
    onRoomClosed: null,
    rooms,
    log: (message) => logger.info(`[${name}] ${message}`),
  };
  await script(server);
  const call = (hook: Hook, room: string, run: (room: Room) => void) => {
    const target = rooms.getRoom(room);
    if (!target || server[hook] === null) return;
    try {
      run(target);
    } catch (err) {
      const why = err instanceof globalThis.Error ? err.message : String(err);
      rooms.hookErrors.error(`${hook} ${room}`, `${name}: ${hook} threw in room ${room}: ${why}`);
    }
  };
  rooms.onConnect = (request) => server.onConnect?.(request);
  const signaling = rooms.getSignaling();
  if (signaling) {
    const before = signaling.getJoinHook();
    signaling.setJoinHook((request) => {
      if (!server.onSignalingJoin) return before?.(request);
      try {
        return server.onSignalingJoin(signalingJoin(request));
      } catch (err) {
        const why = err instanceof globalThis.Error ? err.message : String(err);
        rooms.hookErrors.error('onSignalingJoin', `${name}: onSignalingJoin threw: ${why}`);
        return { refuse: 'Server error' };
      }
    });
  }
  rooms.peerJoined.connect((room, id) => call('onJoin', room, (r) => server.onJoin?.(r, id)));
  rooms.peerLeft.connect((room, id, code) =>
    call('onLeave', room, (r) => server.onLeave?.(r, id, code)),
  );
  rooms.peerPacket.connect((room, from, bytes) =>
    call('onPacket', room, (r) => server.onPacket?.(r, from, bytes)),
  );
  // Calls no room.onRpc handler takes go to the script's onRpc (unhandled while it has none).
  const watchRpc = (room: Room) =>
    room.session.rpc?.onAnyRpc((from, path, method, args) => {
      if (server.onRpc === null) return false;
      call('onRpc', room.name, (r) => server.onRpc?.(r, from, path, method, args));
      return true;
    });
  for (const room of rooms.getRooms()) watchRpc(room);
  rooms.roomCreated.connect((name) => {
    const room = rooms.getRoom(name);
    if (room) watchRpc(room);
    call('onRoomCreated', name, (r) => server.onRoomCreated?.(r));
  });
  rooms.roomClosed.connect((room) => {
    try {
      server.onRoomClosed?.(room);
    } catch (err) {
      rooms.hookErrors.error(
        `onRoomClosed ${room}`,
        `${name}: onRoomClosed threw for ${room}: ${String(err)}`,
      );
    }
  });
  return server;
}

/** A signaling join hook's request as a script sees it (the upgrade request's url, query, headers). */
function signalingJoin(request: JoinRequest): SignalingJoin {
  const { info, ...join } = request;
  const from = (info ?? {}) as Partial<ConnectRequest>;
  return { ...join, url: from.url ?? '', query: from.query ?? {}, headers: from.headers ?? {} };
}
