// A multi-room Godot 4 relay on `ws`, as a Node developer would write it from the wire facts
// (facts §0, §3.6): the room is the request path, each client gets its id as a 4-byte message,
// ADD_PEER / DEL_PEER tell the room who is there, RELAY packets go on with the source id in
// place of the destination. No game logic on the server, no authentication, no limits.
// Run: node build/bench/servers/ws-relay.js PORT (listens on 127.0.0.1).
import { type WebSocket, WebSocketServer } from 'ws';

const ADD_PEER = 1;
const DEL_PEER = 2;
const RELAY = 3;

function sysPeer(command: number, id: number): Buffer {
  const packet = Buffer.alloc(6);
  packet[0] = 7;
  packet[1] = command;
  packet.writeInt32LE(id, 2);
  return packet;
}

const rooms = new Map<string, Map<number, WebSocket>>();
let nextId = 2;

const wss = new WebSocketServer({ port: Number(process.argv[2] ?? 9080), host: '127.0.0.1' });
wss.on('connection', (ws, request) => {
  const name = request.url ?? '/';
  let room = rooms.get(name);
  if (!room) {
    room = new Map();
    rooms.set(name, room);
  }
  const members = room;
  const id = nextId++;
  const hello = Buffer.alloc(4);
  hello.writeInt32LE(id, 0);
  ws.send(hello);
  for (const [other, peer] of members) {
    peer.send(sysPeer(ADD_PEER, id));
    ws.send(sysPeer(ADD_PEER, other));
  }
  members.set(id, ws);

  ws.on('message', (data: Buffer, isBinary) => {
    // Only relayed packets matter here: 07 03 <target i32 LE> <inner packet>.
    if (!isBinary || data.length < 7 || data[0] !== 7 || data[1] !== RELAY) return;
    const target = data.readInt32LE(2);
    data.writeInt32LE(id, 2); // The receivers learn the source.
    if (target > 0) {
      members.get(target)?.send(data);
      return;
    }
    for (const [other, peer] of members) {
      if (other !== id && other !== -target) peer.send(data);
    }
  });

  ws.on('close', () => {
    members.delete(id);
    const gone = sysPeer(DEL_PEER, id);
    for (const peer of members.values()) peer.send(gone);
    if (members.size === 0) rooms.delete(name);
  });
});
