import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebSocketUrl } from '../../../src/protocol/url.js';
import {
  browserUrl,
  closeRefusal,
  MAX_CLOSE_REASON_BYTES,
  utf8ByteLength,
} from '../../../src/websocket/web/browser-rules.js';

function rebuilt(url: string): string {
  const parsed = parseWebSocketUrl(url);
  assert.ok(parsed.url, url);
  return browserUrl(parsed.url);
}

test('browserUrl: scheme + host + non-default port + path, as Godot Web rebuilds it', () => {
  assert.equal(rebuilt('ws://example.com'), 'ws://example.com/');
  assert.equal(rebuilt('ws://example.com:80/a'), 'ws://example.com/a');
  assert.equal(rebuilt('wss://example.com:443/a'), 'wss://example.com/a');
  assert.equal(rebuilt('wss://example.com:80/a'), 'wss://example.com:80/a');
  assert.equal(rebuilt('ws://Example.COM:9080/p?q=1#frag'), 'ws://example.com:9080/p?q=1');
  assert.equal(rebuilt('127.0.0.1:9080'), 'ws://127.0.0.1:9080/');
  assert.equal(rebuilt('ws://user:pw@host:1/x'), 'ws://host:1/x');
});

test('browserUrl puts an IPv6 literal back in brackets (Godot Web does not)', () => {
  assert.equal(rebuilt('ws://[::1]:9080/x'), 'ws://[::1]:9080/x');
  assert.equal(rebuilt('wss://[FE80::1]'), 'wss://[fe80::1]/');
});

test('closeRefusal accepts 1000 and 3000-4999 with a reason of at most 123 UTF-8 bytes', () => {
  for (const code of [1000, 3000, 4001, 4999]) assert.equal(closeRefusal(code, ''), undefined);
  assert.equal(closeRefusal(4000, 'x'.repeat(MAX_CLOSE_REASON_BYTES)), undefined);
  assert.equal(closeRefusal(4000, `${'é'.repeat(61)}x`), undefined);
});

test('closeRefusal explains what a browser would throw for', () => {
  for (const code of [1001, 1005, 1006, 1015, 2999, 5000, 65535, 4000.5, Number.NaN]) {
    assert.match(closeRefusal(code, '') ?? '', /only send close code 1000 or 3000-4999/, `${code}`);
  }
  assert.match(closeRefusal(4000, 'x'.repeat(124)) ?? '', /124 bytes/);
  assert.match(closeRefusal(4000, 'é'.repeat(62)) ?? '', /124 bytes/);
});

test('closeRefusal: code 0 means "no status" and takes no reason', () => {
  assert.equal(closeRefusal(0, ''), undefined);
  assert.match(closeRefusal(0, 'why') ?? '', /needs a close code/);
});

test('utf8ByteLength matches TextEncoder, lone surrogates counting as U+FFFD', () => {
  const encoder = new TextEncoder();
  const samples = [
    '',
    'abc',
    'é',
    '€',
    '😀',
    'aé€😀z',
    '\ud800',
    'x\udc00y',
    '\ud83d',
    '\ud83d\ud83d\ude00',
  ];
  for (const text of samples) {
    assert.equal(utf8ByteLength(text), encoder.encode(text).length, JSON.stringify(text));
  }
});
