#!/usr/bin/env node
// Runs the Autobahn|Testsuite (sections 1–10; 12/13 are permessage-deflate, which we do not offer)
// against both sides of the library and prints the counts per side:
//   server: `godot-ws serve --mode echo` (limits raised to 16 MiB), tested by `wstest -m fuzzingclient`
//   client: a WebSocketPeer that echoes every message, driven by `wstest -m fuzzingserver`
// The testsuite is not a dependency (Python, not installable in CI); point this at a checkout:
//   npm run build && AUTOBAHN_TESTSUITE=/path/to/autobahn-testsuite node scripts/autobahn.js
// Options: --side server|client|both (default both), --out DIR (default .tmp/autobahn),
//   --cases 1.*,2.* (default 1.* … 10.*). AUTOBAHN_PYTHON picks the interpreter (default python3).
// Exit status 1 when a case's behavior or close behavior is neither OK nor INFORMATIONAL.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Error, WebSocketPeer } from '../dist/index.js';

const AGENT = 'godot-websocket';
const MAX_MESSAGE = 16 * 1024 * 1024;
/** Stop echoing while this much waits to be written; the socket's drain wakes the peer again. */
const HIGH_WATER = 4 * 1024 * 1024;
const root = resolve(import.meta.dirname, '..');

const { values } = parseArgs({
  options: {
    side: { type: 'string', default: 'both' },
    out: { type: 'string', default: join(root, '.tmp', 'autobahn') },
    cases: { type: 'string', default: '1.*,2.*,3.*,4.*,5.*,6.*,7.*,8.*,9.*,10.*' },
  },
});
const suite = process.env.AUTOBAHN_TESTSUITE;
if (!suite) {
  console.error(
    'Set AUTOBAHN_TESTSUITE to a checkout of the Autobahn|Testsuite (its Python 3 port).',
  );
  process.exit(2);
}
const python = process.env.AUTOBAHN_PYTHON ?? 'python3';
const cases = values.cases.split(',');
mkdirSync(values.out, { recursive: true });

function freePort() {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function accepts(port) {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.on('error', () => done(false));
  });
}

/** Starts wstest in `mode` (no embedded web server); its log goes to DIR/wstest-MODE.log. */
function wstest(mode, specFile) {
  const args = ['-m', 'autobahntestsuite.wstest', '-m', mode, '-s', specFile, '-u', '0'];
  const log = openSync(join(values.out, `wstest-${mode}.log`), 'w');
  const child = spawn(python, args, {
    cwd: values.out,
    env: { ...process.env, PYTHONPATH: join(suite, 'autobahntestsuite') },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise((done) => child.on('exit', (code) => done(code)));
  return { child, exited };
}

/** Our server: the CLI's echo mode on a free port, tested by the fuzzing client. */
async function testServer() {
  const server = spawn(
    process.execPath,
    [join(root, 'dist', 'cli', 'main.js'), 'serve', '--mode', 'echo', '--port', '0'].concat(
      ['--bind', '127.0.0.1', '--max-message', String(MAX_MESSAGE), '--peer-rate', '0'],
      ['--peer-bytes', '0', '--max-peers', '100'],
    ),
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise((done, fail) => {
    let head = '';
    server.stdout.on('data', (chunk) => {
      head += chunk;
      const match = /ws:\/\/127\.0\.0\.1:\d+/.exec(head);
      if (match) done(match[0]);
    });
    server.on('exit', (code) => fail(new globalThis.Error(`godot-ws serve exited (${code})`)));
  });
  server.stdout.resume();
  const outdir = join(values.out, 'servers');
  const spec = { outdir, servers: [{ agent: AGENT, url }], cases, 'exclude-cases': [] };
  const specFile = join(values.out, 'fuzzingclient.json');
  writeFileSync(specFile, JSON.stringify(spec, null, 2));
  const code = await wstest('fuzzingclient', specFile).exited;
  server.kill('SIGTERM');
  if (code !== 0) throw new globalThis.Error(`wstest fuzzingclient exited (${code})`);
  return join(outdir, 'index.json');
}

/** One WebSocketPeer connection to the fuzzing server; resolves with the messages it read. */
function session(url, onMessage = null) {
  return new Promise((done) => {
    const peer = new WebSocketPeer();
    peer.inboundBufferSize = MAX_MESSAGE;
    peer.outboundBufferSize = 0;
    peer.maxQueuedPackets = 1 << 20;
    const read = [];
    let finished = false;
    const pump = () => {
      if (finished) return;
      peer.poll();
      while (peer.getAvailablePacketCount() > 0) {
        if (onMessage && peer.getCurrentOutboundBufferedAmount() > HIGH_WATER) break;
        const data = peer.getPacket();
        const text = peer.wasStringPacket();
        read.push(text ? Buffer.from(data).toString('utf8') : data);
        if (onMessage) onMessage(peer, data, text);
      }
      if (peer.getReadyState() === WebSocketPeer.STATE_CLOSED) {
        finished = true;
        clearInterval(timer);
        done(read);
      }
    };
    peer.onActivity = pump;
    // Timers (close handshake, drop after a violation) also need polls without traffic.
    const timer = setInterval(pump, 50);
    if (peer.connectToUrl(url) !== Error.OK) {
      finished = true;
      clearInterval(timer);
      done(read);
    }
  });
}

/** Echoes a message with its kind; messages read after the close frame stay unanswered. */
function echo(peer, data, text) {
  if (peer.getReadyState() !== WebSocketPeer.STATE_OPEN) return;
  peer.send(data, text ? WebSocketPeer.WRITE_MODE_TEXT : WebSocketPeer.WRITE_MODE_BINARY);
}

/** Our client: the fuzzing server runs each case against a WebSocketPeer that echoes. */
async function testClient() {
  const port = await freePort();
  const base = `ws://127.0.0.1:${port}`;
  const outdir = join(values.out, 'clients');
  const spec = { url: base, outdir, cases, 'exclude-cases': [] };
  const specFile = join(values.out, 'fuzzingserver.json');
  writeFileSync(specFile, JSON.stringify(spec, null, 2));
  const suiteProcess = wstest('fuzzingserver', specFile);
  let exited = false;
  suiteProcess.exited.then(() => {
    exited = true;
  });
  while (!exited && !(await accepts(port))) await new Promise((done) => setTimeout(done, 100));
  if (exited) throw new globalThis.Error('wstest fuzzingserver exited before it listened');
  try {
    const [count] = await session(`${base}/getCaseCount`);
    const total = Number(count);
    if (!Number.isInteger(total) || total <= 0) throw new globalThis.Error(`case count: ${count}`);
    for (let n = 1; n <= total; n++) {
      await session(`${base}/runCase?case=${n}&agent=${AGENT}`, echo);
    }
    await session(`${base}/updateReports?agent=${AGENT}`);
  } finally {
    suiteProcess.child.kill('SIGTERM');
    await suiteProcess.exited;
  }
  return join(outdir, 'index.json');
}

/** Counts of each behavior in one index.json, and the cases that are not OK/INFORMATIONAL. */
function summarize(side, indexFile) {
  const results = JSON.parse(readFileSync(indexFile, 'utf8'))[AGENT];
  const counts = {};
  const informational = [];
  const bad = [];
  for (const [id, r] of Object.entries(results)) {
    counts[r.behavior] = (counts[r.behavior] ?? 0) + 1;
    if (r.behavior === 'INFORMATIONAL') informational.push(id);
    const fine = (b) => b === 'OK' || b === 'INFORMATIONAL';
    if (!fine(r.behavior) || !fine(r.behaviorClose))
      bad.push(`${id} ${r.behavior}/${r.behaviorClose}`);
  }
  const list = Object.entries(counts).map(([behavior, n]) => `${n} ${behavior}`);
  console.log(`${side}: ${Object.keys(results).length} cases: ${list.join(', ')}`);
  if (informational.length) console.log(`  INFORMATIONAL: ${informational.join(' ')}`);
  for (const line of bad) console.log(`  not OK: ${line}`);
  return bad.length === 0;
}

const reports = [];
if (values.side !== 'client') reports.push(['server', await testServer()]);
if (values.side !== 'server') reports.push(['client', await testClient()]);
let ok = true;
for (const [side, file] of reports) ok = summarize(side, file) && ok;
console.log(`reports: ${values.out}`);
process.exit(ok ? 0 : 1);
