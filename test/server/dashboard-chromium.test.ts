// The live dashboard in real Chromium: the page at GET / follows the server by itself (Server-
// Sent Events) while games join two rooms, send packets and leave.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RoomServer } from '../../src/server/room-server.js';
import { test } from '../helpers/browser-test.js';
import { openCdpPage } from '../helpers/cdp-page.js';
import { REPO_ROOT } from '../helpers/godot4/scenario.js';
import type { Godot4SceneClient } from '../helpers/godot4-scene-client.js';
import { joinRoom, pumpAll, startRoomServer } from '../helpers/room-server-setup.js';

/** Keeps polling the server and the clients (the page needs a live server) until stopped. */
function keepPolling(server: RoomServer, clients: Godot4SceneClient[]) {
  const timer = setInterval(pumpAll(server, clients), 5);
  return () => clearInterval(timer);
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the dashboard shows rooms, members and traffic, and updates by itself as games come and go', {
  timeout: 60_000,
}, async (t) => {
  const { server, url, origin } = await startRoomServer({ adminToken: 'tok' });
  const clients: Godot4SceneClient[] = [];
  let stop = keepPolling(server, clients);
  t.after(() => {
    stop();
    for (const c of clients) c.close();
    server.close();
  });
  const page = await openCdpPage(`${origin}/?token=tok`);
  t.after(() => page.close());
  const text = (id: string) =>
    page.evaluate<string>(`document.getElementById(${JSON.stringify(id)})?.textContent ?? ''`);
  await until(
    'the page to go live',
    () => text('state'),
    (s) => s.startsWith('live'),
  );
  assert.equal(await text('peers'), '0');

  stop();
  for (const room of ['/red', '/red', '/blue', '/blue'])
    clients.push(await joinRoom(server, url(room), clients));
  stop = keepPolling(server, clients);
  await until(
    '4 peers on the page',
    () => text('peers'),
    (s) => s === '4',
  );
  assert.equal(await text('room-count'), '2');
  const rows = await page.evaluate<string[]>(
    "[...document.querySelectorAll('#room-list tr')].map((tr) => tr.dataset.room + ' ' + tr.children[1].textContent)",
  );
  assert.deepEqual(rows.sort(), ['/blue 2 / 4095', '/red 2 / 4095']);
  const ids = await page.evaluate<string>(
    'document.querySelector(\'#room-list tr[data-room="/red"] td.ids\').textContent',
  );
  for (const c of clients.slice(0, 2)) assert.ok(ids.includes(String(c.getUniqueId())), ids);

  // Traffic: the rate cards leave zero while packets flow.
  const traffic = setInterval(() => {
    for (const c of clients) c.sendBytes(new Uint8Array(100), 0);
  }, 20);
  await until(
    'messages per second',
    () => text('msgs-out'),
    (s) => s !== '0' && s !== '–',
  );
  clearInterval(traffic);

  // Two games leave: the page follows.
  clients[2]?.close();
  clients[3]?.close();
  await until(
    '2 peers on the page',
    () => text('peers'),
    (s) => s === '2',
  );
  await until(
    'the leaves counted',
    () => text('left'),
    (s) => s === '2',
  );
  const codes = await text('close-codes');
  assert.match(codes, /1000: 2|-1: 2|1001: 2/);

  const shot = await page.screenshot();
  assert.equal(shot.subarray(1, 4).toString('latin1'), 'PNG');
  const dir = join(REPO_ROOT, '.tmp');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'dashboard.png'), shot);
  t.diagnostic(`screenshot: ${join(dir, 'dashboard.png')}`);
});
