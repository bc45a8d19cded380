// Idle rooms cost nothing: the room server's 500 ms timer sweep skips a room whose session has
// nothing timed (open members, no heartbeat, nobody in a handshake, no relay waiting), so a server
// with thousands of quiet rooms does not poll each of them twice a second. An empty room is still
// swept (it closes when its linger time is over), and so is every room when members have a
// heartbeat. Sweeps are counted on the real sessions' poll(everyone = true).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Room } from '../../src/server/room.js';
import type { RoomServer } from '../../src/server/room-server.js';
import type { Godot4SceneClient } from '../helpers/godot4-scene-client.js';
import { pollUntil } from '../helpers/poll.js';
import { joinRoom, pumpAll, startRoomServer } from '../helpers/room-server-setup.js';

const ROOMS = 6;
/** Sweeps of the always-swept (empty) room to wait for: three sweep periods. */
const CYCLES = 3;

function countSweeps(room: Room): { count: number } {
  const counter = { count: 0 };
  const session = room.session;
  const poll = session.poll.bind(session);
  session.poll = (everyone: boolean) => {
    if (everyone) counter.count++;
    poll(everyone);
  };
  return counter;
}

async function sweepsOfIdleRooms(heartbeat: number): Promise<{ idle: number[]; empty: number }> {
  const { server, url } = await startRoomServer({ heartbeat, createdRoomSeconds: 60 });
  const clients: Godot4SceneClient[] = [];
  try {
    for (let i = 0; i < ROOMS; i++)
      clients.push(await joinRoom(server, url(`/quiet-${i}`), clients));
    const empty = server.createRoom({ name: '/empty' });
    assert.ok(!(typeof empty === 'number'), 'the empty room is made');
    const rooms = clients.map((_, i) => roomNamed(server, `/quiet-${i}`));
    const idle = rooms.map(countSweeps);
    const control = countSweeps(empty as Room);
    await pollUntil(
      `${CYCLES} sweeps of the empty room`,
      () => control.count >= CYCLES,
      pumpAll(server, clients),
    );
    assert.equal(server.getRoom('/empty'), empty, 'the empty room is still open (60 s linger)');
    return { idle: idle.map((c) => c.count), empty: control.count };
  } finally {
    for (const c of clients) c.close();
    server.close();
  }
}

function roomNamed(server: RoomServer, name: string): Room {
  const room = server.getRoom(name);
  assert.ok(room, `room ${name} exists`);
  return room;
}

test('the timer sweep skips rooms whose members are idle and have no timers', async () => {
  const { idle, empty } = await sweepsOfIdleRooms(0);
  assert.ok(empty >= CYCLES);
  // Each quiet room at most once (a first sweep may fall before its session settled).
  for (const count of idle)
    assert.ok(count <= 1, `an idle room swept ${count} times in ${empty} sweeps`);
});

test('with a heartbeat every room is swept (its members are pinged on time)', async () => {
  const { idle, empty } = await sweepsOfIdleRooms(30);
  for (const count of idle)
    assert.ok(count >= empty - 1, `swept ${count} times in ${empty} sweeps`);
});
