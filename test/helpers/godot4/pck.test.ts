// The PCK writer: structure read back field by field; the reader checked on a pack made by
// Godot's own exporter (the engine package's index.pck).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ENGINE_DIR } from './host.js';
import {
  PACK_REL_FILEBASE,
  PCK_FORMAT_VERSION,
  PCK_HEADER_SIZE,
  PCK_MAGIC,
  readPck,
  writePck,
} from './pck.js';

const md5 = (data: Uint8Array | string) => createHash('md5').update(data).digest('hex');

test('header: magic, format 3, engine 4.6.0, relative offsets, file base 112, reserved zero', () => {
  const pck = writePck({ 'main.gd': 'extends Node\n' });
  const view = new DataView(pck.buffer, pck.byteOffset, pck.byteLength);
  assert.equal(Buffer.from(pck.subarray(0, 4)).toString('latin1'), 'GDPC');
  assert.equal(view.getUint32(0, true), PCK_MAGIC);
  assert.equal(view.getUint32(4, true), PCK_FORMAT_VERSION);
  assert.deepEqual(
    [view.getUint32(8, true), view.getUint32(12, true), view.getUint32(16, true)],
    [4, 6, 0],
  );
  assert.equal(view.getUint32(20, true), PACK_REL_FILEBASE);
  assert.equal(view.getBigUint64(24, true), 112n);
  assert.deepEqual([...pck.subarray(40, PCK_HEADER_SIZE)], new Array(64).fill(0));
  assert.deepEqual([...pck.subarray(PCK_HEADER_SIZE, 112)], new Array(8).fill(0));
  assert.equal(Buffer.from(pck.subarray(112, 125)).toString(), 'extends Node\n');
});

test('files are 16-byte aligned from the file base, in the given order, with sizes and MD5', () => {
  const bytes = new Uint8Array([0, 1, 2, 255]);
  const files = {
    'res://project.godot': 'config_version=5\n',
    'main.tscn': 'x'.repeat(16),
    'a/b/c.gd': 'é', // two UTF-8 bytes
    'empty.txt': '',
    'data.bin': bytes,
  };
  const pck = readPck(writePck(files));
  assert.equal(pck.formatVersion, 3);
  assert.deepEqual(pck.engine, [4, 6, 0]);
  assert.equal(pck.fileBase, 112);
  assert.deepEqual(
    pck.entries.map((e) => [e.path, e.offset, e.size, e.flags]),
    [
      ['project.godot', 0, 17, 0],
      ['main.tscn', 32, 16, 0],
      ['a/b/c.gd', 48, 2, 0],
      ['empty.txt', 64, 0, 0],
      ['data.bin', 64, 4, 0],
    ],
  );
  assert.equal(pck.directoryOffset, 112 + 80);
  assert.equal(pck.directoryOffset % 16, 0);
  assert.equal(pck.entries[0]!.md5, md5('config_version=5\n'));
  assert.equal(pck.entries[2]!.md5, md5('é'));
  assert.equal(pck.entries[3]!.md5, md5(''));
  assert.deepEqual([...pck.entries[4]!.data], [...bytes]);
  assert.equal(Buffer.from(pck.entries[2]!.data).toString(), 'é');
});

test('directory paths are NUL-padded to a multiple of 4 (none added when already aligned)', () => {
  const pck = readPck(writePck({ 'abcd.gd': '', abcdefgh: '', 'a.gd': '', ab: '' }));
  assert.deepEqual(pck.pathFieldLengths, [8, 8, 4, 4]);
  assert.deepEqual(
    pck.entries.map((e) => e.path),
    ['abcd.gd', 'abcdefgh', 'a.gd', 'ab'],
  );
});

test('the reader agrees with a pack written by Godot 4.6 itself', () => {
  const pck = readPck(readFileSync(join(ENGINE_DIR, 'index.pck')));
  assert.equal(pck.formatVersion, 3);
  assert.deepEqual(pck.engine, [4, 6, 0]);
  assert.equal(pck.flags, PACK_REL_FILEBASE);
  assert.equal(pck.fileBase, 112);
  assert.ok(pck.entries.length > 0);
  for (const e of pck.entries) {
    assert.equal(e.offset % 16, 0, e.path);
    assert.equal(md5(e.data), e.md5, e.path);
    assert.equal(e.flags, 0);
    assert.equal(e.path.startsWith('res://'), false);
  }
  assert.ok(pck.entries.some((e) => e.path === 'project.binary'));
});
