// A hostile Godot 4 client for bench/flood.ts: joins ws://127.0.0.1:PORT/ROOM, then sends
// RELAY-to-everyone packets (`07 03 00000000` around a 32-byte inner packet that is not a
// state packet of the load generator) as fast as its outbound buffer takes them, reading and
// discarding what comes back. Prints one JSON line when the server closes it or after SECONDS:
// { sent, closeCode, closedAfter }.
// It connects once a line arrives on stdin (so its start-up costs nothing during a measurement)
// and waits a millisecond whenever its outbound buffer is full (its own CPU is not the test).
// Usage: node build/bench/servers/flooder.js PORT ROOM SECONDS [TARGET: 0 everyone, 1 the server]
import { logger } from '../../src/core/logger.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';

logger.setSink(() => {}); // a full outbound buffer is the point, not news

const [port, room, seconds, target] = [
  Number(process.argv[2]),
  process.argv[3] ?? '/',
  Number(process.argv[4] ?? 10),
  Number(process.argv[5] ?? 0),
];
const frame = new Uint8Array(7 + 32);
frame[0] = 7; // SYS
frame[1] = 3; // RELAY to TARGET (bytes 2–5)
frame[6] = 0; // an inner REMOTE_CALL-shaped packet (the bench clients ignore it)
new DataView(frame.buffer).setInt32(2, target, true);
const ws = new WebSocketPeer();
ws.setOutboundBufferSize(1 << 20);
let sent = 0;
let opened = 0;
const end = (closeCode: number) => {
  const closedAfter = opened ? (performance.now() - opened) / 1000 : 0;
  process.stdout.write(`${JSON.stringify({ sent, closeCode, closedAfter })}\n`);
  process.exit(0);
};
const tick = () => {
  ws.poll();
  const state = ws.getReadyState();
  if (state === WebSocketPeer.STATE_CLOSED) return end(ws.getCloseCode());
  if (state === WebSocketPeer.STATE_OPEN) {
    if (opened === 0) opened = performance.now();
    while (ws.getAvailablePacketCount() > 0) ws.getPacket();
    let full = false;
    for (let i = 0; i < 500 && !full; i++) {
      if (ws.send(frame) === 0) sent++;
      else full = true;
    }
    if (performance.now() - opened > seconds * 1000) return end(0);
    if (full) {
      setTimeout(tick, 1);
      return;
    }
  }
  setImmediate(tick);
};
process.stdin.once('data', () => {
  ws.connectToUrl(`ws://127.0.0.1:${port}${room}`);
  tick();
});
