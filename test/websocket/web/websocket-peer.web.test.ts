/**
 * The browser WebSocketPeer in real headless Chromium, loaded from the built bundle, against
 * a `ws` server in this process and, for the echo scenario, our Node echo server
 * (examples/echo-server.ts). One page runs every scenario of peer-scenarios.ts in turn;
 * each test asserts on one scenario's observations (peer-checks.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { type EchoServer, startEchoServer } from '../../../examples/echo-server.js';
import { test } from '../../helpers/browser-test.js';
import { type ChromiumPage, openChromiumPage } from '../../helpers/chromium.js';
import { scenarioPageHtml, scenarioResult } from '../../helpers/scenario-page.js';
import {
  closedPort,
  hasIpv6Loopback,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-ws-server.js';
import { checks } from './peer-checks.js';
import { scenarios } from './peer-scenarios.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');

const ipv6 = await hasIpv6Loopback();
let server: ScriptedServer;
let ipv6Server: ScriptedServer | undefined;
let page: ChromiumPage;
let bundleDir: string;
let echo: EchoServer | undefined;

function buildBundle(dir: string): string {
  const outfile = join(dir, 'godot-websocket.js');
  const run = spawnSync(
    process.execPath,
    [join(root, 'scripts', 'build-browser.js'), '--json', '--outfile', outfile],
    { encoding: 'utf8', timeout: 30_000 },
  );
  assert.equal(run.status, 0, run.stderr);
  return outfile;
}

before(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), 'gw-web-'));
  const bundle = buildBundle(bundleDir);
  server = await startScriptedServer();
  if (ipv6) ipv6Server = await startScriptedServer('::1');
  const started = startEchoServer(0);
  assert.notEqual(typeof started, 'number', 'the Node echo server did not start');
  echo = started as EchoServer;
  const html = scenarioPageHtml('/godot-websocket.js', server.origin, scenarios, {
    closedPort: await closedPort(),
    ipv6Port: ipv6Server?.port,
    nodeEchoOrigin: `ws://127.0.0.1:${echo.port}`,
  });
  page = await openChromiumPage(html, {
    '/godot-websocket.js': { contentType: 'text/javascript', body: readFileSync(bundle) },
    '/godot-websocket.js.map': {
      contentType: 'application/json',
      body: readFileSync(`${bundle}.map`),
    },
  });
});

after(async () => {
  await page?.close();
  await server?.close();
  await ipv6Server?.close();
  echo?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

for (const [name, { title, needs, check }] of Object.entries(checks)) {
  const skip = needs === 'ipv6' && !ipv6 ? 'no IPv6 loopback here' : false;
  test(`Chromium: ${title}`, { skip }, async () => {
    const env = ipv6Server ? { server, ipv6: ipv6Server } : { server };
    await check(await scenarioResult(page, name), env);
  });
}

test('Chromium: the page ran every scenario and reported no stray errors', async () => {
  await page.waitForReport('done', (r) => (r as { kind?: string }).kind === 'done', 60_000);
  const errors = page.reports.filter((r) => (r as { kind?: string }).kind === 'error');
  assert.deepEqual(errors, []);
});
