// A game lobby in a server script: chat, a ready check, and dice the server rolls (clients
// cannot forge a roll: only messages from peer 1, the server, count). Games need no addon:
// they join ws://HOST:9080/lobby?name=Ann and talk with multiplayer.send_bytes(json, 1).
//
//   npx godot-ws serve --script examples/lobby.mjs            (Godot 4 games)
//   npx godot-ws serve --mode godot3 --script examples/lobby.mjs
//
// The games' side: examples/lobby-godot4.gd and examples/lobby-godot3.gd.
// Messages, as JSON text in send_bytes:
//   game → server: {"type":"chat","text":…}, {"type":"ready"}, {"type":"roll"}
//   server → games: {"type":"welcome","id","players"}, {"type":"joined","id","name"},
//     {"type":"chat","id","name","text"}, {"type":"ready","id"}, {"type":"start"},
//     {"type":"dice","id","name","value"}, {"type":"left","id"}
import { randomInt } from 'node:crypto';

const MAX_NAME = 20;
const MAX_CHAT = 200;
const MIN_PLAYERS = 2;

/** @param {import('godot-websocket/server').ScriptServer} server */
export default function lobby(server) {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  /** @param {import('godot-websocket/server').Room} room */
  const send = (room, to, message) => room.sendBytes(to, encoder.encode(JSON.stringify(message)));
  /** @param {import('godot-websocket/server').Room} room */
  const players = (room) => {
    room.state.players ??= new Map();
    return /** @type {Map<number, {name: string, ready: boolean}>} */ (room.state.players);
  };

  server.onConnect = (request) => {
    const name = (request.query.name ?? '').trim();
    if (name === '' || name.length > MAX_NAME) {
      return { status: 400, reason: `add ?name=YOURNAME (1 to ${MAX_NAME} characters) to the URL` };
    }
    // Everyone who comes to "/" is sent to the lobby; the name stays with the player.
    return { room: request.room === '/' ? '/lobby' : request.room, data: { name } };
  };

  server.onJoin = (room, id) => {
    const name = room.getPeerData(id)?.name ?? `player ${id}`;
    const list = players(room);
    list.set(id, { name, ready: false });
    send(room, id, {
      type: 'welcome',
      id,
      players: [...list].map(([pid, p]) => ({ id: pid, ...p })),
    });
    send(room, -id, { type: 'joined', id, name });
    server.log(`${name} (${id}) joined ${room.name}`);
  };

  server.onLeave = (room, id) => {
    players(room).delete(id);
    send(room, 0, { type: 'left', id });
  };

  server.onPacket = (room, from, bytes) => {
    const player = players(room).get(from);
    if (!player) return;
    let message;
    try {
      message = JSON.parse(decoder.decode(bytes));
    } catch {
      return; // not for us
    }
    switch (message?.type) {
      case 'chat': {
        const text = String(message.text ?? '').slice(0, MAX_CHAT);
        if (text !== '') send(room, 0, { type: 'chat', id: from, name: player.name, text });
        break;
      }
      case 'ready': {
        if (player.ready || room.state.started) break;
        player.ready = true;
        send(room, 0, { type: 'ready', id: from });
        const all = [...players(room).values()];
        if (all.length >= MIN_PLAYERS && all.every((p) => p.ready)) {
          room.state.started = true;
          // A moment for the last "ready" to be seen, then the round starts.
          room.setTimeout(() => send(room, 0, { type: 'start' }), 300);
        }
        break;
      }
      case 'roll': {
        if (!room.state.started) break;
        send(room, 0, { type: 'dice', id: from, name: player.name, value: randomInt(1, 7) });
        break;
      }
    }
  };
}
