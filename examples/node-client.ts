/**
 * A Node client with Godot 4's WebSocketPeer API: connects, sends one text message, prints
 * what comes back, closes. Try it on `npx godot-ws serve --mode echo`, or on the Godot 4
 * server below.
 *
 *   npm run build && npm run build:test && node build/examples/node-client.js [ws://127.0.0.1:9080]
 *
 * The Godot 4 server it talks to (any Node in a running scene):
 *
 *   extends Node
 *   var server := TCPServer.new()
 *   var peers: Array[WebSocketPeer] = []
 *   func _ready():
 *       server.listen(9080)
 *   func _process(_delta):
 *       while server.is_connection_available():
 *           var ws := WebSocketPeer.new()
 *           ws.accept_stream(server.take_connection())
 *           peers.append(ws)
 *       for ws in peers:
 *           ws.poll()
 *           while ws.get_available_packet_count() > 0:
 *               ws.send_text("Godot got: " + ws.get_packet().get_string_from_utf8())
 */
import { Error, WebSocketPeer } from 'godot-websocket';

const url = process.argv[2] ?? 'ws://127.0.0.1:9080';
const ws = new WebSocketPeer();
if (ws.connectToUrl(url) !== Error.OK) process.exit(1);

let sent = false;
const giveUp = Date.now() + 5000;
// The same loop a Godot script runs in _process: poll, then look at the state and the packets.
const timer = setInterval(() => {
  ws.poll();
  const state = ws.getReadyState();
  if (state === WebSocketPeer.STATE_OPEN) {
    if (!sent) {
      ws.sendText('hello from Node');
      sent = true;
    }
    while (ws.getAvailablePacketCount() > 0) {
      const packet = ws.getPacket();
      const shown = ws.wasStringPacket()
        ? new TextDecoder().decode(packet)
        : Buffer.from(packet).toString('hex');
      console.log(`received: ${shown}`);
      ws.close(1000, 'done');
    }
    if (Date.now() > giveUp) ws.close(1000, 'no reply');
  } else if (state === WebSocketPeer.STATE_CLOSED) {
    console.log(`closed: code ${ws.getCloseCode()} ${JSON.stringify(ws.getCloseReason())}`);
    clearInterval(timer);
    process.exitCode = ws.getCloseCode() === 1000 ? 0 : 1;
  }
}, 16);
