/**
 * A Node server that Godot 3 games join with `WebSocketClient.connect_to_url(url, [], true)`
 * (gd_mp_api) and `get_tree().network_peer = client`: ids are handed out and rpc() /
 * put_packet between clients are relayed as a Godot 3 WebSocketServer would; what the games
 * send to the server (peer 1) arrives here.
 *
 *   npm run build && npm run build:test && node build/examples/godot3-relay-server.js [port]
 *
 * The Godot 3 game (any Node in its main scene):
 *
 *   extends Node
 *   var client = WebSocketClient.new()
 *   func _ready():
 *       get_tree().connect("connected_to_server", self, "_connected")
 *       multiplayer.connect("network_peer_packet", self, "_packet")
 *       client.connect_to_url("ws://127.0.0.1:9080", PoolStringArray(), true)
 *       get_tree().network_peer = client   # the SceneTree polls it every frame
 *   func _connected():
 *       print("joined as ", get_tree().get_network_unique_id())
 *       multiplayer.send_bytes("hello".to_utf8(), 1)   # to the server
 *   func _packet(id, packet):
 *       print(id, ": ", packet.get_string_from_utf8())
 */
import { Error, WebSocketServer } from 'godot-websocket';

/** Godot 3's NETWORK_COMMAND_RAW: what `multiplayer.send_bytes` puts before the bytes. */
const RAW = 4;
const port = Number(process.argv[2] ?? 9080);
const text = new TextDecoder();

const server = new WebSocketServer();
server.peerConnected.connect((id) => {
  console.log(`peer ${id} joined from ${server.getPeerAddress(id)}`);
  sendBytes(id, `welcome, ${id}`); // network_peer_packet(1, …) in the game
});
server.peerDisconnected.connect((id) => console.log(`peer ${id} left`));

/** `multiplayer.send_bytes` from the server (peer 1) to `id` (0 = everyone). */
function sendBytes(id: number, message: string): void {
  const bytes = new TextEncoder().encode(message);
  const packet = new Uint8Array(bytes.byteLength + 1);
  packet[0] = RAW;
  packet.set(bytes, 1);
  server.setTargetPeer(id);
  server.putPacket(packet);
}

const err = server.listen(port, [], true); // true: gd_mp_api, Godot 3's multiplayer protocol
if (err !== Error.OK) {
  console.error(`cannot listen on port ${port} (error ${err})`);
  process.exit(1);
}
console.log(`Godot 3 relay on ws://localhost:${port}`);

// Poll at 60 Hz; read what was sent to the server (rpc to peer 1 or to everyone, send_bytes).
const timer = setInterval(() => {
  server.poll();
  while (server.getAvailablePacketCount() > 0) {
    const from = server.getPacketPeer();
    const packet = server.getPacket();
    if (packet[0] === RAW) {
      const message = text.decode(packet.subarray(1));
      console.log(`bytes from ${from}: ${message}`);
      sendBytes(from, `server got: ${message}`);
    } else {
      console.log(`packet from ${from}: command ${packet[0]}, ${packet.byteLength} bytes`);
    }
  }
}, 16);

const stop = () => {
  clearInterval(timer);
  server.stop(); // close 1000 to every client
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
