// The rooms soak: 1000 rooms × 4 emulated Godot 4 clients join a RoomServer (a separate
// process, test/helpers/soak-server.ts), exchange packets and leave in random order for about a
// minute (SOAK_SECONDS to change it). No packet may cross rooms, no id may repeat inside a room,
// every room must close, and the server's heap (after a full collection) must come back to its
// baseline.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { httpGet } from '../helpers/cli.js';
import { Godot4SceneClient } from '../helpers/godot4-scene-client.js';
import { tick } from '../helpers/poll.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const ROOMS = 1000;
const PER_ROOM = 4;
const SEND_EVERY_MS = 300;
/** A client that has no id this long after it started to connect counts as a failed join. */
const JOIN_DEADLINE_MS = 10_000;

interface Player {
  room: string;
  client: Godot4SceneClient;
  joinAt: number;
  /** How long it stays once joined. */
  stay: number;
  leaveAt: number;
  nextSend: number;
  seq: number;
  seen: number;
}

async function metric(port: number, name: string): Promise<number> {
  const { body } = await httpGet(port, '/metrics');
  const line = body.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

/** Heap in use in the server after two full collections. */
async function heapAfterGc(port: number): Promise<number> {
  return (JSON.parse((await httpGet(port, '/gc')).body) as { heap: number }).heap;
}

/** Starts the soak server; resolves with its port. */
function startSoakServer(deadlineMs: number) {
  const script = join(import.meta.dirname, '..', 'helpers', 'soak-server.js');
  const child = spawn(process.execPath, ['--expose-gc', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const kill = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve(code);
    }),
  );
  const port = new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', () => reject(new Error(`the soak server exited: ${out}`)));
  });
  return { child, port, exited };
}

interface WaveResult {
  players: number;
  joined: number;
  delivered: number;
  crossed: string[];
  peakHeap: number;
  /** Clients that gave up: their room, how long they tried, what their peer last saw. */
  failures: string[];
}

/**
 * `rooms` rooms of PER_ROOM clients: the rooms open one after the other over 80% of `seconds`,
 * each client joins within 0.8 s of its room's opening, plays 1.5–4.5 s, and leaves.
 */
async function wave(
  url: string,
  port: number,
  prefix: string,
  rooms: number,
  seconds: number,
): Promise<WaveResult> {
  const start = performance.now();
  const spread = seconds * 1000 * 0.8;
  const players: Player[] = [];
  for (let r = 0; r < rooms; r++) {
    const room = `${prefix}/r${r}`;
    const opens = (r / rooms) * spread;
    for (let i = 0; i < PER_ROOM; i++) {
      players.push({
        room,
        client: new Godot4SceneClient(),
        joinAt: start + opens + Math.random() * 800,
        stay: 1500 + Math.random() * 3000,
        leaveAt: Number.POSITIVE_INFINITY,
        nextSend: 0,
        seq: 0,
        seen: 0,
      });
    }
  }
  players.sort((a, b) => a.joinAt - b.joinAt);
  const idsByRoom = new Map<string, Set<number>>();
  const result: WaveResult = {
    players: players.length,
    joined: 0,
    delivered: 0,
    crossed: [],
    peakHeap: 0,
    failures: [],
  };
  let nextJoin = 0;
  const active = new Set<Player>();
  let lastHeapCheck = start;
  while (nextJoin < players.length || active.size > 0) {
    const now = performance.now();
    while (nextJoin < players.length && (players[nextJoin]?.joinAt ?? Infinity) <= now) {
      const p = players[nextJoin++] as Player;
      p.client.mp.setHandshakeTimeout(JOIN_DEADLINE_MS / 1000);
      assert.equal(p.client.connect(url.replace(/\/$/, p.room)), 0);
      active.add(p);
    }
    for (const p of active) {
      const c = p.client;
      c.poll();
      const id = c.getUniqueId();
      if (id > 1 && p.leaveAt === Number.POSITIVE_INFINITY) {
        p.leaveAt = now + p.stay;
        result.joined++;
        const ids = idsByRoom.get(p.room) ?? new Set<number>();
        idsByRoom.set(p.room, ids);
        assert.ok(!ids.has(id), `id ${id} repeated in ${p.room}`);
        ids.add(id);
      }
      // Check what arrived: every packet names this room and its real sender.
      for (; p.seen < c.events.length; p.seen++) {
        const event = c.events[p.seen] ?? '';
        if (!event.startsWith('peer_packet:')) continue;
        const [, from, data] = event.split(':');
        const text = Buffer.from(data ?? '', 'hex').toString();
        const [room, sender] = text.split('|');
        if (room !== p.room || sender !== from)
          result.crossed.push(`${p.room} got ${text} from ${from}`);
        result.delivered++;
      }
      if (id > 1 && now >= p.nextSend && c.connectedPeers.size > 1) {
        p.nextSend = now + SEND_EVERY_MS;
        c.sendBytes(Buffer.from(`${p.room}|${id}|${p.seq++}`), 0);
      }
      const gaveUp = p.leaveAt === Number.POSITIVE_INFINITY && now - p.joinAt > JOIN_DEADLINE_MS;
      if (gaveUp) {
        const ws = c.mp.getPeer(1);
        result.failures.push(
          `${p.room} status ${c.mp.getConnectionStatus()} ws ${ws?.getReadyState()} close ${ws?.getCloseCode()} ${c.events.slice(0, 3).join(',')}`,
        );
      }
      if (now >= p.leaveAt || gaveUp) {
        c.close();
        active.delete(p);
      }
    }
    if (now - lastHeapCheck > 5000) {
      lastHeapCheck = now;
      result.peakHeap = Math.max(
        result.peakHeap,
        await metric(port, 'nodejs_heap_size_used_bytes'),
      );
    }
    await tick(5);
  }
  return result;
}

/** Waits (at most 20 s) until the server has no room left; returns how many it has. */
async function roomsLeft(port: number): Promise<number> {
  const end = Date.now() + 20_000;
  let rooms = Number.NaN;
  while (Date.now() < end) {
    rooms = await metric(port, 'godot_ws_rooms');
    if (rooms === 0) break;
    await tick(100);
  }
  return rooms;
}

test(`rooms soak: ${ROOMS} rooms × ${PER_ROOM} clients come and go for ${SECONDS} s`, {
  timeout: (SECONDS + 120) * 1000,
}, async (t) => {
  const server = startSoakServer((SECONDS + 120) * 1000);
  t.after(() => server.child.kill('SIGKILL'));
  const port = await server.port;
  const url = `ws://127.0.0.1:${port}/`;
  // A short warm-up wave first, so the baseline includes compiled code and loaded modules.
  const warm = await wave(url, port, '/warm', 20, 3);
  assert.equal(warm.joined, warm.players);
  assert.equal(await roomsLeft(port), 0);
  const baseline = await heapAfterGc(port);
  const run = await wave(url, port, '/soak', ROOMS, SECONDS);
  const rooms = await roomsLeft(port);
  const created = await metric(port, 'godot_ws_rooms_created_total');
  const closed = await metric(port, 'godot_ws_rooms_closed_total');
  const heapEnd = await heapAfterGc(port);
  const mib = (n: number) => (n / 2 ** 20).toFixed(1);
  t.diagnostic(
    `joined ${run.joined}/${run.players}, delivered ${run.delivered} packets, rooms created ` +
      `${created} closed ${closed}; heap after GC: baseline ${mib(baseline)} MiB, end ` +
      `${mib(heapEnd)} MiB (peak before GC ${mib(run.peakHeap)} MiB)`,
  );
  if (run.joined !== run.players) {
    const { body } = await httpGet(port, '/metrics');
    t.diagnostic(
      body
        .split('\n')
        .filter((l) => /^godot_ws_(conn|hand|peers|rooms)/.test(l))
        .join('\n'),
    );
    t.diagnostic(`never joined: ${JSON.stringify(run.failures.slice(0, 10))}`);
  }
  assert.deepEqual(run.crossed.slice(0, 5), []);
  assert.equal(run.joined, run.players, 'every client joined');
  assert.ok(run.delivered > run.players, `packets were exchanged (${run.delivered})`);
  assert.equal(rooms, 0, 'every room closed');
  assert.equal(created, ROOMS + 20);
  assert.equal(closed, ROOMS + 20);
  // Back to the baseline (within 2 MiB: the dashboard's ten-minute history, compiled code).
  assert.ok(heapEnd < baseline + 2 * 2 ** 20, `heap ${heapEnd} vs baseline ${baseline}`);
  server.child.kill('SIGTERM');
  assert.equal(await server.exited, 0);
});
