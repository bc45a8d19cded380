// The Godot 4 RPC wire against bytes a real Godot 4.6 client sent (test/fixtures/godot4-rpc.json,
// captured by test/interop/godot4/capture-rpc.ts from the `rpc` scenario): decoding every call,
// re-encoding it byte for byte, the path cache packets, and the method numbering (md5 check).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { float } from '../../../src/core/variant/index.js';
import { Vector2 } from '../../../src/core/variant/math-types.js';
import { encodeConfirmPath, parseSimplifyPath } from '../../../src/server/rpc/godot4-path-cache.js';
import { decodeRemoteCall, encodeRemoteCall } from '../../../src/server/rpc/godot4-remote-call.js';
import { compareCodePoints, RpcTable, wirePath } from '../../../src/server/rpc/rpc-manifest.js';
import { REPO_ROOT } from '../../helpers/godot4/scenario.js';
import { hex, unhex } from '../../helpers/hex.js';
import { assertFirstMove } from './rpc-engine-checks.js';

const fixture = JSON.parse(
  readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'godot4-rpc.json'), 'utf8'),
) as {
  packets: { round: string; hex: string }[];
  lines: string[];
};
const packets = fixture.packets.map((p) => unhex(p.hex));

// The scenario's scripts: main.gd on /root/Main, player.gd (extends base.gd) on /root/Main/Player.
const table = new RpcTable({
  '/root/Main': ['submit_move', 'show_result', 'chat', 'Zeta', '_hidden'],
  'Main/Player': ['move', 'teleport', 'aim'],
});

function call(i: number) {
  const r = decodeRemoteCall(packets[i]!);
  assert.ok('call' in r, `packet ${i}: ${'reason' in r ? r.reason : ''}`);
  return r.call;
}

test('method ids: names sorted by code point, inherited @rpc methods included (md5 as the engine)', () => {
  assert.deepEqual(table.node('Main')!.names, [
    'Zeta',
    '_hidden',
    'chat',
    'show_result',
    'submit_move',
  ]);
  assert.deepEqual(table.node('/root/Main/Player')!.names, ['aim', 'move', 'teleport']);
  const main = parseSimplifyPath(packets[0]!)!;
  const player = parseSimplifyPath(packets[4]!)!;
  assert.deepEqual(main, { md5: table.node('Main')!.md5, id: 1, path: 'Main' });
  assert.deepEqual(player, { md5: table.node('Main/Player')!.md5, id: 2, path: 'Main/Player' });
  assert.ok(compareCodePoints('Z', '_') < 0 && compareCodePoints('_', 'a') < 0);
  assert.equal(wirePath('/root/Main/Player/'), 'Main/Player');
  assert.equal(hex(encodeConfirmPath(2, true)), '020102000000');
});

test('calls by path, as a real client sends them before the path is confirmed', () => {
  const first = call(1);
  assert.deepEqual(first.target, { path: 'Main' });
  assert.equal(first.methodId, 4); // submit_move
  assertFirstMove(first.args);
  assert.deepEqual(call(2), { target: { path: 'Main' }, methodId: 0, args: [], argBytes: 0 }); // Zeta()
  const hidden = call(3); // _hidden(PackedByteArray([1, 2, 3])): raw bytes, no count
  assert.equal(hidden.methodId, 1);
  assert.deepEqual([...(hidden.args[0] as Uint8Array)], [1, 2, 3]);
  assert.deepEqual(call(5), {
    target: { path: 'Main/Player' },
    methodId: 1,
    args: [300],
    argBytes: 4, // count, type header, int16
  });
  const aim = call(6);
  assert.equal(aim.methodId, 0);
  assert.equal(Number(aim.args[0]), 0.5);
});

test('calls by cached id after CONFIRM_PATH (8-bit node id, 32-bit int)', () => {
  const second = call(7);
  assert.deepEqual(second.target, { cacheId: 1 });
  assert.equal(second.methodId, 4);
  assert.deepEqual(second.args.slice(0, 3), [100000, -0.1, 'é']);
  assert.deepEqual(call(8), {
    target: { cacheId: 2 },
    methodId: 1,
    args: [-70000],
    argBytes: 6,
  });
});

test('our encoder writes the engine bytes for the same calls', () => {
  const enc = (
    target: Parameters<typeof encodeRemoteCall>[0],
    id: number,
    args: Parameters<typeof encodeRemoteCall>[2],
  ) => hex(encodeRemoteCall(target, id, args).packet);
  const expect = fixture.packets.map((p) => p.hex);
  assert.equal(
    enc({ path: 'Main' }, 4, [7, float(2.5), 'hi', new Vector2(1.5, -2), [1, 'two'], { k: 3 }]),
    expect[1],
  );
  assert.equal(enc({ path: 'Main' }, 0, []), expect[2]);
  assert.equal(enc({ path: 'Main' }, 1, [new Uint8Array([1, 2, 3])]), expect[3]);
  assert.equal(enc({ path: 'Main/Player' }, 1, [300]), expect[5]);
  assert.equal(enc({ path: 'Main/Player' }, 0, [0.5]), expect[6]);
  assert.equal(enc({ cacheId: 1 }, 4, [100000, -0.1, 'é', new Vector2(0, 0), [], {}]), expect[7]);
  assert.equal(enc({ cacheId: 2 }, 1, [-70000]), expect[8]);
  // The server's call the engine ran ("show_result ok 42 from 1").
  assert.equal(enc({ path: 'Main' }, 3, ['ok', 42]), expect[9]);
  assert.ok(fixture.lines.includes('show_result ok 42 from 1'));
});

test('hostile calls are refused with a reason, never thrown', () => {
  const cases = [
    '',
    '00',
    '30',
    '20ff',
    '2061000080',
    '20ffffff8004',
    '000106',
    '0001040602',
    '00010401ff',
    '0001040103',
  ];
  for (const h of cases) {
    const r = decodeRemoteCall(unhex(h));
    assert.ok(!('call' in r), h);
  }
  // Every prefix of a real call fails cleanly or decodes.
  for (const p of packets)
    for (let n = 0; n < p.byteLength; n++) decodeRemoteCall(p.subarray(0, n));
  assert.equal(parseSimplifyPath(unhex('01')), null);
});
