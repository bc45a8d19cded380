import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  encodeAuth,
  encodeRelay,
  encodeSysPeer,
  packetCommand,
  parseSys,
  SysCommand,
} from '../../../src/websocket/scene-relay/sys-command.js';
import { hex, unhex } from '../../helpers/hex.js';

test('ADD_PEER / DEL_PEER layouts (docs/godot4-multiplayer.md §3.6)', () => {
  assert.equal(hex(encodeSysPeer(SysCommand.ADD_PEER, 0x12345678)), '070178563412');
  assert.equal(hex(encodeSysPeer(SysCommand.DEL_PEER, 2)), '070202000000');
});

test('RELAY carries a peer id (negative for all-but) and the inner packet', () => {
  assert.equal(hex(encodeRelay(-7, Uint8Array.of(3, 0x41))), '0703f9ffffff0341');
  const parsed = parseSys(unhex('0703f9ffffff0341'));
  assert.ok(parsed && parsed.command === SysCommand.RELAY);
  assert.equal(parsed.peer, -7);
  assert.equal(hex(parsed.inner), '0341');
});

test('AUTH: the 2-byte completion and data messages', () => {
  assert.equal(hex(encodeAuth(new Uint8Array(0))), '0700');
  const parsed = parseSys(unhex('0700abcd'));
  assert.ok(parsed && parsed.command === SysCommand.AUTH);
  assert.equal(hex(parsed.data), 'abcd');
});

test('malformed or non-SYS packets parse to null', () => {
  assert.equal(parseSys(unhex('07')), null);
  assert.equal(parseSys(unhex('0701000000')), null);
  assert.equal(parseSys(unhex('070300000000')), null, 'relay without an inner packet');
  assert.equal(parseSys(unhex('070900000000')), null, 'unknown sub-command');
  assert.equal(parseSys(unhex('0300')), null, 'RAW is not SYS');
  assert.equal(packetCommand(unhex('0f')), 7, 'flags in the high bits are masked off');
  assert.equal(packetCommand(new Uint8Array(0)), -1);
});
