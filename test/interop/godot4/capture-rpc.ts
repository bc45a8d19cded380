// Rewrites test/fixtures/godot4-rpc.json: the SceneMultiplayer packets a real Godot 4.6 client
// sends to the server (peer 1) for the `rpc` scenario's calls, with a hand-made CONFIRM_PATH
// answer between the first and second round, and whether a hand-made server call ran. Run:
//   npm run build:test && node build/test/interop/godot4/capture-rpc.js
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SceneRelayServer } from '../../../src/websocket/scene-relay/scene-relay-server.js';
import { loadScenario, startGodot4 } from '../../helpers/godot4/engine.js';
import { REPO_ROOT } from '../../helpers/godot4/scenario.js';
import { hex as toHex } from '../../helpers/hex.js';

const relay = new SceneRelayServer();
relay.listen(0, '127.0.0.1');
const packets: { round: string; hex: string }[] = [];
let round = 'first';
const texts: string[] = [];
relay.packetReceived.connect((from, packet) => {
  const command = packet[0]! & 7;
  if (command === 3) {
    texts.push(new TextDecoder().decode(packet.subarray(1)));
    return;
  }
  packets.push({ round, hex: toHex(packet) });
  if (command === 1) {
    // SIMPLIFY_PATH: 01 <md5 32 + NUL> <id u32> <path + NUL>; confirm it as valid.
    const id = new DataView(packet.buffer, packet.byteOffset + 34, 4).getUint32(0, true);
    const confirm = new Uint8Array([2, 1, 0, 0, 0, 0]);
    new DataView(confirm.buffer).setUint32(2, id, true);
    relay.sendRaw(from, confirm);
  }
});
const timer = setInterval(() => relay.poll(), 5);
while (relay.getLocalPort() === 0) await new Promise((r) => setTimeout(r, 5));
const g = await startGodot4(loadScenario('rpc'), {
  vars: { URL: `ws://127.0.0.1:${relay.getLocalPort()}`, NAME: 'A' },
});
const until = async (what: string, done: () => boolean) => {
  const end = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > end)
      throw new Error(`timed out: ${what}\n${g.lines.join('\n')}\n${g.errors.join('\n')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
const enc = new TextEncoder();
await g.waitForLine(/^connected_to_server/, 40_000);
await until('ready', () => texts.some((t) => t.startsWith('ready')));
relay.sendBytes(0, enc.encode('first'));
await until('sent first', () => texts.includes('sent first'));
await new Promise((r) => setTimeout(r, 200));
round = 'second';
relay.sendBytes(0, enc.encode('second'));
await until('sent second', () => texts.includes('sent second'));
// The server calls show_result("ok", 42) on /root/Main by path: header 0x20 (node id u32,
// method id u8, argc), 0x80000000 | offset of the path, method id 3, argc 2, String "ok",
// int 42 (compressed: 02 2a), then "Main\0".
const body = [3, 2, 4, 0, 0, 0, 2, 0, 0, 0, 0x6f, 0x6b, 0, 0, 2, 42];
const call = new Uint8Array([0x20, 0, 0, 0, 0, ...body, 0x4d, 0x61, 0x69, 0x6e, 0]);
new DataView(call.buffer).setUint32(1, (0x80000000 | (5 + body.length)) >>> 0, true);
packets.push({ round: 'server', hex: toHex(call) });
relay.sendRaw(0, call);
await until('show_result ran', () => texts.some((t) => t.startsWith('ran show_result')));
relay.sendBytes(0, enc.encode('bye'));
const result = await g.waitForExit(20_000);
clearInterval(timer);
relay.close();
const out = join(REPO_ROOT, 'test', 'fixtures', 'godot4-rpc.json');
writeFileSync(
  out,
  `${JSON.stringify({ engine: g.banner.join(' '), packets, lines: result.lines, errors: result.errors }, null, 2)}\n`,
);
console.log(`wrote ${packets.length} packets to ${out}`);
g.kill();
