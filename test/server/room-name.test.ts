import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ROOM_NAME, roomNameFromPath } from '../../src/server/room-name.js';

test('room names: the path decoded and folded, "/" the default room', () => {
  const cases: [string, string][] = [
    ['/', '/'],
    ['', '/'],
    ['/?token=abc', '/'],
    ['/lobby', '/lobby'],
    ['/Lobby/', '/lobby'],
    ['/match/7F3K?x=1', '/match/7f3k'],
    ['/a%2Db', '/a-b'],
    ['/team_1.final', '/team_1.final'],
  ];
  for (const [path, name] of cases) {
    const r = roomNameFromPath(path);
    assert.deepEqual(r, { ok: true, name }, path);
  }
});

test('room names: refused with a one-line reason', () => {
  const bad = [
    '/a//b',
    '/a/../b',
    '/./a',
    '/spa ce',
    '/%zz',
    '/caf%C3%A9',
    '/a*b',
    `/${'x'.repeat(MAX_ROOM_NAME)}`,
  ];
  for (const path of bad) {
    const r = roomNameFromPath(path);
    assert.equal(r.ok, false, path);
    assert.ok(!r.ok && r.reason.length > 0 && !r.reason.includes('\n'));
  }
  assert.equal(roomNameFromPath(`/${'x'.repeat(MAX_ROOM_NAME - 1)}`).ok, true);
});
