/**
 * A Node server that Godot 4 games join with `WebSocketMultiplayerPeer.create_client(url)` and
 * `multiplayer.multiplayer_peer = peer`. Their rpc() calls and send_bytes() between clients are
 * relayed as a Godot server would; what they send to the server (peer 1) arrives here.
 *
 *   npm run build:test && node build/examples/godot4-relay-server.js [port]
 *   (wss: set TLS_KEY and TLS_CERT to PEM files)
 */
import { CryptoKey, Error, SceneRelayServer, TLSOptions, X509Certificate } from 'godot-websocket';

const port = Number(process.argv[2] ?? 9080);
const text = new TextDecoder();

const relay = new SceneRelayServer({
  relay: 'all', // or 'none', or (from, to, packet, target) => boolean
  // auth: (id, data) => (checkToken(data) ? 'complete' : 'refuse'),  // clients then need an auth_callback
});

relay.peerJoined.connect((id) => {
  console.log(`peer ${id} joined from ${relay.multiplayerPeer.getPeerAddress(id)}`);
  relay.sendBytes(id, new TextEncoder().encode(`welcome, ${id}`)); // peer_packet(1, …) there
});
relay.peerLeft.connect((id) => console.log(`peer ${id} left`));

// multiplayer.send_bytes(bytes, 1) in a game arrives here (and send_bytes to everyone, too).
relay.peerPacket.connect((from, bytes) => {
  const message = text.decode(bytes);
  console.log(`bytes from ${from}: ${message}`);
  relay.sendBytes(from, new TextEncoder().encode(`server got: ${message}`));
});

// Every packet for the server, including rpc() calls addressed to it or to everyone.
relay.packetReceived.connect((from, packet) => {
  console.log(`packet from ${from}: command ${packet[0]! & 7}, ${packet.byteLength} bytes`);
});

const err = relay.listen(port, '*', tlsOptions());
if (err !== Error.OK) {
  console.error(`cannot listen on port ${port} (error ${err})`);
  process.exit(1);
}
console.log(`Godot 4 relay on ${process.env.TLS_CERT ? 'wss' : 'ws'}://localhost:${port}`);

// Poll at 60 Hz, and at once whenever a socket has something (lower latency).
const timer = setInterval(() => relay.poll(), 16);
let scheduled = false;
relay.multiplayerPeer.onActivity = () => {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    relay.poll();
  });
};

process.on('SIGINT', () => {
  clearInterval(timer);
  relay.close();
});

function tlsOptions(): TLSOptions | null {
  const keyPath = process.env.TLS_KEY;
  const certPath = process.env.TLS_CERT;
  if (!keyPath || !certPath) return null;
  const key = new CryptoKey();
  const cert = new X509Certificate();
  if (key.load(keyPath) !== Error.OK || cert.load(certPath) !== Error.OK) {
    console.error('cannot read TLS_KEY / TLS_CERT');
    process.exit(1);
  }
  return TLSOptions.server(key, cert);
}
