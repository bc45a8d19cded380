// SceneRelayServer in one process over 127.0.0.1: round-trip latency A → B → A through the
// relay, and relayed broadcast throughput A → {B, C}. Run: npm run build:test && node build/bench/scene-relay.js
import { SceneRelayServer } from '../src/websocket/scene-relay/scene-relay-server.js';
import { encodeRelay } from '../src/websocket/scene-relay/sys-command.js';
import { WebSocketMultiplayerPeer } from '../src/websocket/websocket-multiplayer-peer.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function main(): Promise<void> {
  const relay = new SceneRelayServer();
  relay.listen(0, '127.0.0.1');
  while (relay.getLocalPort() === 0) await tick();
  const url = `ws://127.0.0.1:${relay.getLocalPort()}/`;
  const clients = [0, 1, 2].map(() => new WebSocketMultiplayerPeer());
  const pollAll = () => {
    relay.poll();
    for (const c of clients) c.poll();
  };
  for (const c of clients) c.createClient(url);
  while (relay.getPeers().length < 3 || clients.some((c) => c.getConnectionStatus() !== 2)) {
    pollAll();
    await tick();
  }
  const [a, b, c] = clients as [
    WebSocketMultiplayerPeer,
    WebSocketMultiplayerPeer,
    WebSocketMultiplayerPeer,
  ];
  const idA = a.getUniqueId();
  const idB = b.getUniqueId();
  const raw = (payload: number) => Uint8Array.of(3, payload & 255, 0, 0, 0, 0, 0, 0, 0);

  // Latency: A → B (relayed), B answers → A (relayed).
  const rtts: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const start = performance.now();
    a.putPacket(encodeRelay(idB, raw(i)));
    for (;;) {
      pollAll();
      while (b.getAvailablePacketCount() > 0) {
        b.getPacket();
        b.putPacket(encodeRelay(idA, raw(i)));
      }
      if (a.getAvailablePacketCount() > 0) {
        a.getPacket();
        break;
      }
      await tick();
    }
    rtts.push(performance.now() - start);
  }
  rtts.sort((x, y) => x - y);
  const pct = (p: number) => rtts[Math.floor((rtts.length - 1) * p)]!.toFixed(3);
  console.log(`round trip A→B→A via relay: median ${pct(0.5)} ms, p99 ${pct(0.99)} ms (2000 runs)`);

  // Throughput: A broadcasts 9-byte RAW packets through the relay; count arrivals at B and C.
  const total = 200_000;
  let sent = 0;
  let gotB = 0;
  let gotC = 0;
  const start = performance.now();
  while (gotB < total || gotC < total) {
    for (let i = 0; i < 256 && sent < total && sent - gotC < 2048; i++) {
      if (a.putPacket(encodeRelay(0, raw(sent))) !== 0) break;
      sent++;
    }
    pollAll();
    while (b.getAvailablePacketCount() > 0) {
      b.getPacket();
      gotB++;
    }
    while (c.getAvailablePacketCount() > 0) {
      c.getPacket();
      gotC++;
    }
    await tick();
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `broadcast A→{B,C}: ${total} packets in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} relayed packets/s in, ${Math.round((2 * total) / seconds)} out`,
  );
  for (const x of clients) x.close();
  relay.close();
}

await main();
