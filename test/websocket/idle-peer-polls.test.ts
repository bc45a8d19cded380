// Idle peers cost nothing per wake-up: servers polled on activity poll only the peers that had
// activity. 100 idle clients sit connected while one client sends 40 packets, one at a time; each
// poll reads its few peers, not all 101, sweeps included (before: every peer on every poll). Counted with
// WebSocketPeers whose poll() counts, handed in through acceptPeer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { Error } from '../../src/core/error.js';
import { TCPServer } from '../../src/net/tcp-server.js';
import { encodeGdMpPacket } from '../../src/websocket/godot3/gd-mp-api.js';
import { WebSocketServer } from '../../src/websocket/godot3/websocket-server.js';
import { WebSocketMultiplayerPeer } from '../../src/websocket/websocket-multiplayer-peer.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { activityOnly } from '../helpers/activity-only.js';

const IDLE = 100;
const ACTIVE_PACKETS = 40;
/** Sending lasts at least this long, so that a 500 ms sweep falls inside. */
const ACTIVE_MS = 700;

let peerPolls = 0;
class CountingPeer extends WebSocketPeer {
  override poll(): void {
    peerPolls++;
    super.poll();
  }
}

interface Hosted {
  poll(): void;
  onActivity: (() => void) | null;
  acceptPeer(ws: WebSocketPeer): Error;
  /** Packets the server itself received so far. */
  received(): number;
}

async function idleCrowd(server: Hosted, packet: (client: Buffer[]) => Uint8Array) {
  const tcp = new TCPServer();
  assert.equal(tcp.listen(0, '127.0.0.1'), Error.OK);
  assert.equal(await tcp.whenBound(), Error.OK);
  const handIn = () => {
    while (tcp.isConnectionAvailable()) {
      const ws = new CountingPeer();
      assert.equal(ws.acceptStream(tcp.takeConnection()), Error.OK);
      assert.equal(server.acceptPeer(ws), Error.OK);
    }
  };
  const perPoll: number[] = [];
  const driver = activityOnly(server, handIn);
  const poll = server.poll.bind(server);
  server.poll = () => {
    const before = peerPolls;
    poll();
    perPoll.push(peerPolls - before);
  };
  tcp.onConnection = server.onActivity;
  const clients: { ws: WebSocket; got: Buffer[] }[] = [];
  try {
    for (let i = 0; i <= IDLE; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${tcp.getLocalPort()}/`);
      const got: Buffer[] = [];
      ws.on('message', (data: Buffer) => got.push(data));
      clients.push({ ws, got });
    }
    await driver.until('every client welcomed', () => clients.every((c) => c.got.length > 0));
    const active = clients[0]!;
    perPoll.length = 0;
    const until = performance.now() + ACTIVE_MS;
    for (let i = 1; i <= ACTIVE_PACKETS || performance.now() < until; i++) {
      active.ws.send(packet(active.got));
      await driver.until(`packet ${i} at the server`, () => server.received() >= i);
    }
    // A wake-up polls the peer that had activity; the 500 ms sweep for timers (at least one
    // fell in) skips open peers without a heartbeat: no poll reads the idle crowd.
    const most = Math.max(...perPoll);
    assert.ok(most <= 2, `up to ${most} peer polls per poll (${IDLE + 1} peers): ${perPoll}`);
  } finally {
    for (const c of clients) c.ws.terminate();
    server.onActivity = null;
    tcp.onConnection = null;
    tcp.stop();
  }
}

/** What both servers have: polled, activity, clients handed in, packets for the server. */
interface HostedServer {
  poll(): void;
  onActivity: (() => void) | null;
  acceptPeer(ws: WebSocketPeer): Error;
  getAvailablePacketCount(): number;
  getPacket(): Uint8Array;
}

/** Polls `server` and takes (counts) the packets it received. */
function counted(server: HostedServer): Hosted {
  let received = 0;
  return {
    poll: () => {
      server.poll();
      while (server.getAvailablePacketCount() > 0) {
        server.getPacket();
        received++;
      }
    },
    get onActivity() {
      return server.onActivity;
    },
    set onActivity(cb) {
      server.onActivity = cb;
    },
    acceptPeer: (ws) => server.acceptPeer(ws),
    received: () => received,
  };
}

test('Godot 4 WebSocketMultiplayerPeer (server): a wake-up polls the peers with activity', async () => {
  const mp = new WebSocketMultiplayerPeer();
  assert.equal(mp.createHostedServer(), Error.OK);
  try {
    await idleCrowd(counted(mp), () => Uint8Array.of(1, 2, 3));
  } finally {
    mp.close();
  }
});

test('Godot 3 WebSocketServer (gd_mp_api): a wake-up polls the clients with activity', async () => {
  const g3 = new WebSocketServer();
  assert.equal(g3.listenHosted(true), Error.OK);
  try {
    // To the server (1) from the sender's id (from its SYS_ID).
    const packet = (got: Buffer[]) =>
      encodeGdMpPacket(0, got[0]!.readInt32LE(9), 1, Uint8Array.of(7));
    await idleCrowd(counted(g3), packet);
  } finally {
    g3.stop();
  }
});
