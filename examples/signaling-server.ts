/**
 * WebRTC signaling for Godot games: the protocol of Godot's `webrtc_signaling` demo (Godot 4
 * JSON and Godot 3 lines, on one port). Games using the demo's client scripts join by URL;
 * they then talk peer to peer over WebRTC, and this server only introduces them.
 *
 *   npm run build:test && node build/examples/signaling-server.js [port]
 *
 * In the demo project (networking/webrtc_signaling), only the URL changes:
 *   $Client.start("ws://127.0.0.1:9080", "", true)  # "" = create a lobby; true = mesh
 *
 * A join asking for the lobby "quick" is matched: every two such players share a new lobby.
 */
import { Error } from 'godot-websocket';
import { SignalingServer } from 'godot-websocket/server';

const port = Number(process.argv[2] ?? 9080);
let waiting = '';
let matches = 0;

const signaling = new SignalingServer({
  maxPeersPerLobby: 8,
  onJoin(request) {
    if (request.lobby !== 'quick') return undefined; // join or create as asked
    if (waiting) {
      const lobby = waiting;
      waiting = '';
      return { lobby };
    }
    waiting = `quick-${++matches}`;
    return { lobby: waiting }; // created, with this player as its host (id 1)
  },
});

signaling.lobbyCreated.connect((lobby) => console.log(`lobby ${lobby} created`));
signaling.peerJoined.connect((lobby, id) => console.log(`peer ${id} joined ${lobby}`));
signaling.lobbySealed.connect((lobby) => console.log(`lobby ${lobby} sealed`));
signaling.lobbyClosed.connect((lobby) => {
  console.log(`lobby ${lobby} closed`);
  if (lobby === waiting) waiting = '';
});

if (signaling.listen(port) !== Error.OK) {
  console.error(`cannot listen on port ${port}`);
  process.exit(1);
}
console.log(`signaling on ws://localhost:${port}`);

// Poll when a socket has news, and every 50 ms for the timeouts.
const timer = setInterval(() => signaling.poll(), 50);
let scheduled = false;
signaling.onActivity = () => {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    signaling.poll();
  });
};

process.on('SIGINT', () => {
  clearInterval(timer);
  console.log(JSON.stringify(signaling.getCounters()));
  signaling.stop();
});
