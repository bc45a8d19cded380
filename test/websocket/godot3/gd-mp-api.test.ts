import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeGdMpPacket,
  encodeGdMpPacket,
  encodeGdMpSys,
  GdMpType,
  sysPeerId,
} from '../../../src/websocket/godot3/gd-mp-api.js';
import { hex, unhex } from '../../helpers/hex.js';

test('system messages match the bytes watched on the wire (docs/godot3-wire.md §4)', () => {
  assert.equal(hex(encodeGdMpSys(GdMpType.SYS_ID, 0x5e6c3235)), '03010000000000000035326c5e');
  assert.equal(hex(encodeGdMpSys(GdMpType.SYS_ADD, 1)), '01010000000000000001000000');
  assert.equal(hex(encodeGdMpSys(GdMpType.SYS_DEL, 0x0f96c225)), '02010000000000000025c2960f');
});

test('data packets: from/to little-endian, negative targets, payload after 9 bytes', () => {
  const p = encodeGdMpPacket(0, 0x12345678, -5, Uint8Array.of(0xaa, 0xbb));
  assert.equal(hex(p), '0078563412fbffffffaabb');
  const d = decodeGdMpPacket(p);
  assert.deepEqual(d && { type: d.type, from: d.from, to: d.to, payload: hex(d.payload) }, {
    type: 0,
    from: 0x12345678,
    to: -5,
    payload: 'aabb',
  });
});

test('short packets are refused; a 9-byte packet has an empty payload', () => {
  assert.equal(decodeGdMpPacket(unhex('0001000000000000')), null);
  assert.equal(decodeGdMpPacket(unhex('000100000000000000'))?.payload.byteLength, 0);
  assert.equal(sysPeerId(Uint8Array.of(1, 2)), null);
  assert.equal(sysPeerId(unhex('25c2960f')), 0x0f96c225);
});
