// By hand, not in CI: runs the emulated-client scenarios against Godot's demo signaling server
// (godot-demo-projects networking/webrtc_signaling/server_node/server.js, fetched by you, never
// committed, with `ws` 7 installed beside it) and against ours with the demo's timeouts, and
// prints where the transcripts differ.
//
//   node build/test/server/signaling/reference-compare.js \
//     --godot4 .tmp/demo/server-master.cjs --godot3 .tmp/demo/server-3x.cjs
//
// --godot3 may also name a SceneTree .gd script run by Godot 3 (godot3-server) that starts the
// demo's GDScript server (server/ws_webrtc_server.gd of the 3.x branch) on $PORT.
//
// The demo's `const PORT = 9080;` must read `Number(process.env.PORT)` in your copy.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { GODOT3 } from '../../helpers/godot3.js';
import { startSignaling } from './drive.js';
import { EmulatedClient, g4 } from './emulated-client.js';
import { GODOT3_SCENARIOS, GODOT4_SCENARIOS, type Transcript } from './scenarios.js';

const DEMO = { joinTimeoutMs: 1000, sealCloseMs: 10_000 };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startDemo(
  path: string,
): Promise<{ url: string; child: ChildProcess; log: string[] }> {
  const port = await freePort();
  const log: string[] = [];
  const env = { ...process.env, PORT: String(port) };
  // A .gd file is a SceneTree script for Godot 3 (e.g. one that runs the demo's GDScript server).
  const child = path.endsWith('.gd')
    ? spawn(GODOT3, ['--no-window', '-s', basename(path)], { cwd: dirname(path), env })
    : spawn(process.execPath, [path], { env });
  child.stdout?.setEncoding('utf8').on('data', (s: string) => log.push(s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => log.push(s));
  const url = `ws://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      const probe = await EmulatedClient.connect('probe', url, 500);
      probe.terminate();
      return { url, child, log };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill();
  throw new Error(`the demo server ${path} did not start: ${log.join('')}`);
}

function diff(ours: Transcript, theirs: Transcript): string[] {
  const out: string[] = [];
  for (const name of new Set([...Object.keys(ours), ...Object.keys(theirs)])) {
    const a = ours[name] ?? [];
    const b = theirs[name] ?? [];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    out.push(`  client ${name}:`);
    out.push(`    ours:   ${JSON.stringify(a)}`);
    out.push(`    demo:   ${JSON.stringify(b)}`);
  }
  return out;
}

/** Probes that only the comparison runs (inputs where we chose to differ). */
const PROBES: Record<string, (url: string) => Promise<string>> = {
  async 'JSON null'(url) {
    const c = await EmulatedClient.connect('c', url);
    c.send('null');
    await c.waitClosed();
    return JSON.stringify(c.closed);
  },
  async 'join a second lobby by name'(url) {
    const h1 = await EmulatedClient.connect('h1', url);
    h1.send(g4(0, 0, ''));
    await h1.waitFor(2);
    const h2 = await EmulatedClient.connect('h2', url);
    h2.send(g4(0, 0, ''));
    await h2.waitFor(2);
    const lobby2 = JSON.parse(h2.received[1]!).data;
    h1.send(g4(0, 0, lobby2));
    await h1.waitFor(4, 1500);
    const r = `h1 after joining h2's lobby: ${JSON.stringify(h1.received.slice(2))} ${JSON.stringify(h1.closed)}`;
    for (const c of [h1, h2]) c.terminate();
    return r;
  },
  async '200 peers in one lobby'(url) {
    const h = await EmulatedClient.connect('h', url);
    h.send(g4(0, 0, ''));
    await h.waitFor(2);
    const lobby = JSON.parse(h.received[1]!).data;
    const peers: EmulatedClient[] = [];
    for (let i = 0; i < 200; i++) {
      const p = await EmulatedClient.connect(`p${i}`, url);
      p.send(g4(0, 0, lobby));
      peers.push(p);
    }
    await h.waitFor(2 + 200, 5000);
    const refused = peers.filter((p) => p.closed).length;
    const r = `host told of ${h.received.length - 2} peers; ${refused} refused (${JSON.stringify(peers.find((p) => p.closed)?.closed ?? null)})`;
    for (const c of [h, ...peers]) c.terminate();
    return r;
  },
};

async function compare(set: 'godot4' | 'godot3', demoPath: string): Promise<number> {
  const scenarios = set === 'godot4' ? GODOT4_SCENARIOS : GODOT3_SCENARIOS;
  const demo = await startDemo(demoPath);
  const ours = await startSignaling({ ...DEMO, protocol: set });
  let differing = 0;
  try {
    for (const [name, script] of Object.entries(scenarios)) {
      const [a, b] = await Promise.all([script(ours.url, DEMO), script(demo.url, DEMO)]);
      const d = diff(a, b);
      console.log(`${set}/${name}: ${d.length === 0 ? 'same transcript' : 'DIFFERENT'}`);
      for (const line of d) console.log(line);
      if (d.length) differing++;
    }
    if (set === 'godot4') {
      for (const [name, probe] of Object.entries(PROBES)) {
        const [a, b] = await Promise.all([probe(ours.url), probe(demo.url)]);
        console.log(`probe ${name}:\n  ours: ${a}\n  demo: ${b}`);
      }
    }
    console.log(`demo still running: ${demo.child.exitCode === null}`);
  } finally {
    ours.stop();
    demo.child.kill();
  }
  return differing;
}

const { values } = parseArgs({
  options: {
    godot4: { type: 'string' },
    godot3: { type: 'string' },
    'godot4-ws8': { type: 'string' },
  },
});
let differing = 0;
if (values.godot4) differing += await compare('godot4', values.godot4);
if (values.godot3) differing += await compare('godot3', values.godot3);
if (values['godot4-ws8']) {
  // The same demo on ws 8, which delivers every message as a Buffer.
  const demo = await startDemo(values['godot4-ws8']);
  const t = await GODOT4_SCENARIOS.mesh!(demo.url, DEMO);
  console.log(`demo on ws 8, mesh scenario: A saw ${JSON.stringify(t.A)}`);
  demo.child.kill();
}
console.log(`${differing} scenario(s) differ`);
