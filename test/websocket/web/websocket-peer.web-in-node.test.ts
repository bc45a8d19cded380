/**
 * The browser WebSocketPeer's scenarios run in Node, with ws's WebSocket (browser-style API)
 * as the global `WebSocket`: the same peer code and the same checks as in Chromium, which
 * shows it behaves the same over another WebSocket implementation (Node 22+ has a global
 * WebSocket of its own). Scenarios that depend on how a browser counts `bufferedAmount`
 * run in Chromium only.
 */
import { after, before, test } from 'node:test';
import { WebSocket as WsWebSocket } from 'ws';
import { type EchoServer, startEchoServer } from '../../../examples/echo-server.js';
import * as gw from '../../../src/index.browser.js';
import { captureLog } from '../../helpers/log.js';
import { pollUntil, tick } from '../../helpers/poll.js';
import { type PageContext, watchSockets } from '../../helpers/scenario-page.js';
import {
  closedPort,
  hasIpv6Loopback,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-ws-server.js';
import { checks } from './peer-checks.js';
import { scenarios } from './peer-scenarios.js';

/** ws's bufferedAmount only counts what the kernel has not taken, so it stays 0 on loopback. */
const BROWSER_ONLY = new Set(['outboundLimit']);

const global = globalThis as { WebSocket?: unknown };
const previous = global.WebSocket;
const ipv6 = await hasIpv6Loopback();
let server: ScriptedServer;
let ipv6Server: ScriptedServer | undefined;
let ctx: PageContext;
let log: ReturnType<typeof captureLog>;
let echo: EchoServer | undefined;

before(async () => {
  global.WebSocket = WsWebSocket;
  server = await startScriptedServer();
  if (ipv6) ipv6Server = await startScriptedServer('::1');
  const started = startEchoServer(0);
  if (typeof started === 'number')
    throw new Error(`the Node echo server did not start: ${started}`);
  echo = started;
  log = captureLog('warning');
  ctx = {
    gw,
    wsUrl: (path) => server.origin + path,
    params: {
      closedPort: await closedPort(),
      ipv6Port: ipv6Server?.port,
      nodeEchoOrigin: `ws://127.0.0.1:${echo.port}`,
    },
    sleep: tick,
    pollUntil: (what, done, poll, deadlineMs) => pollUntil(what, done, poll, deadlineMs),
    logs: log.lines,
    watchSockets: () => watchSockets(globalThis as { WebSocket?: unknown }),
  };
});

after(async () => {
  log?.restore();
  global.WebSocket = previous;
  await server?.close();
  await ipv6Server?.close();
  echo?.stop();
});

for (const [name, { title, needs, check }] of Object.entries(checks)) {
  const scenario = scenarios[name];
  if (scenario === undefined || BROWSER_ONLY.has(name)) continue;
  const skip = needs === 'ipv6' && !ipv6 ? 'no IPv6 loopback here' : false;
  test(`Node (ws as WebSocket): ${title}`, { skip }, async () => {
    ctx.logs.length = 0;
    const value = await scenario(ctx);
    const env = ipv6Server ? { server, ipv6: ipv6Server } : { server };
    await check({ kind: 'result', name, value, logs: ctx.logs.slice() }, env);
  });
}
