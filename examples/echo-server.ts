// A WebSocket echo server with Godot's API: TCPServer + WebSocketPeer.accept_stream, polled.
//   node build/examples/echo-server.js --port 9080
// GDScript client to try it (Godot 4):
//   var ws := WebSocketPeer.new()
//   func _ready(): ws.connect_to_url("ws://127.0.0.1:9080")
//   func _process(_d):
//       ws.poll()
//       if ws.get_ready_state() == WebSocketPeer.STATE_OPEN and ws.get_available_packet_count():
//           print(ws.get_packet().get_string_from_utf8())
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Error, TCPServer, WebSocketPeer } from 'godot-websocket';

/** Stop echoing a peer's packets while this much is still waiting to be sent to it. */
const HIGH_WATER = 4 * 1024 * 1024;

export interface EchoServer {
  port: number;
  stop(): void;
}

export function startEchoServer(port: number, maxMessage = 16 * 1024 * 1024): EchoServer | Error {
  const server = new TCPServer();
  const err = server.listen(port);
  if (err !== Error.OK) return err;
  const peers = new Set<WebSocketPeer>();

  function acceptAll(): void {
    while (server.isConnectionAvailable()) {
      const peer = new WebSocketPeer();
      peer.inboundBufferSize = maxMessage;
      peer.outboundBufferSize = 0; // no per-send limit; HIGH_WATER below is the back-pressure
      // Node extra: the socket tells us when this peer has news; poll it right then.
      peer.onActivity = () => echo(peer);
      if (peer.acceptStream(server.takeConnection()) === Error.OK) {
        peers.add(peer);
        echo(peer);
      }
    }
  }

  function echo(peer: WebSocketPeer): void {
    peer.poll();
    while (peer.getAvailablePacketCount() > 0) {
      if (peer.getCurrentOutboundBufferedAmount() > HIGH_WATER) {
        break; // the socket's 'drain' wakes this peer again (onActivity)
      }
      const data = peer.getPacket();
      const mode = peer.wasStringPacket()
        ? WebSocketPeer.WRITE_MODE_TEXT
        : WebSocketPeer.WRITE_MODE_BINARY;
      peer.send(data, mode);
    }
    if (peer.getReadyState() === WebSocketPeer.STATE_CLOSED) peers.delete(peer);
  }

  server.onConnection = acceptAll;
  // Handshake timeouts and heartbeats need polls without traffic too.
  const timer = setInterval(() => {
    for (const peer of peers) echo(peer);
  }, 100);
  return {
    port: server.getLocalPort(),
    stop() {
      clearInterval(timer);
      for (const peer of peers) peer.close(1001, 'server stopping');
      server.stop();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '9080' } } });
  const started = startEchoServer(Number(values.port));
  if (typeof started === 'number') {
    console.error(`echo-server: cannot listen on port ${values.port} (error ${started})`);
    process.exit(1);
  }
  // listen(port) binds every interface ("*"), so other machines can connect too.
  console.log(
    `echo-server: listening on all interfaces, port ${started.port} (this machine: ws://127.0.0.1:${started.port}/)`,
  );
}
