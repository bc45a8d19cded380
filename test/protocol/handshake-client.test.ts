import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  buildClientRequest,
  encodeBase64,
  generateKey,
  validateServerResponse,
  WS_GUID,
} from '../../src/protocol/handshake-client.js';
import { parseGodot3Url, parseWebSocketUrl } from '../../src/protocol/url.js';

/** The Node layer's accept key, built here on node:crypto (the core has no SHA-1). */
const acceptKey = (key: string) =>
  createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

describe('keys', () => {
  test('RFC 6455 §1.3 sample: accept key of "dGhlIHNhbXBsZSBub25jZQ=="', () => {
    assert.equal(acceptKey(KEY), ACCEPT);
  });

  test('generateKey is base64 of 16 bytes from the given random source', () => {
    const key = generateKey((out) => {
      for (let i = 0; i < out.length; i++) out[i] = i;
    });
    assert.equal(key, 'AAECAwQFBgcICQoLDA0ODw==');
  });

  test('generateKey defaults to crypto.getRandomValues: 16 bytes, different every time', () => {
    const a = generateKey();
    const b = generateKey();
    assert.match(a, /^[A-Za-z0-9+/]{22}==$/);
    assert.equal(Buffer.from(a, 'base64').length, 16);
    assert.notEqual(a, b);
  });

  test('encodeBase64 matches Buffer for every length 0..64', () => {
    for (let n = 0; n <= 64; n++) {
      const data = randomBytes(n);
      assert.equal(encodeBase64(new Uint8Array(data)), data.toString('base64'), `length ${n}`);
    }
  });
});

describe('buildClientRequest (docs/godot4-peer.md §1.4, docs/godot3-wire.md §1)', () => {
  test('docs/godot3-wire.md §1 example: ws://127.0.0.1:PORT/chat?x=1 with ["foo","bar"]', () => {
    assert.equal(
      buildClientRequest({
        host: '127.0.0.1',
        port: 8080,
        tls: false,
        path: '/chat?x=1',
        key: KEY,
        protocols: ['foo', 'bar'],
      }),
      'GET /chat?x=1 HTTP/1.1\r\n' +
        'Host: 127.0.0.1:8080\r\n' +
        'Upgrade: websocket\r\n' +
        'Connection: Upgrade\r\n' +
        `Sec-WebSocket-Key: ${KEY}\r\n` +
        'Sec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Protocol: foo,bar\r\n' +
        '\r\n',
    );
  });

  // Captured from Godot 3.2.3 (`godot3-server`): connect_to_url(url, ["foo","bar"], false, ["X-A: 1"]).
  const captured: [string, string][] = [
    [
      'ws://127.0.0.1/chat?x=1',
      'GET /chat?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: OgWP+9cHefHNfvX3dRN0Dg==\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Protocol: foo,bar\r\nX-A: 1\r\n\r\n',
    ],
    [
      'ws://127.0.0.1:80/a',
      'GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: bUfsrkZZ4hiOAUlFj0KScQ==\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Protocol: foo,bar\r\nX-A: 1\r\n\r\n',
    ],
    [
      'ws://LocalHost:8080',
      'GET / HTTP/1.1\r\nHost: LocalHost:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: LZFFLHAu3WdPEQvQEqimag==\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Protocol: foo,bar\r\nX-A: 1\r\n\r\n',
    ],
  ];
  for (const [url, wire] of captured) {
    test(`byte-exact with Godot 3.2.3 for ${url}`, () => {
      const { url: parsed } = parseGodot3Url(url);
      assert.ok(parsed);
      const key = /Sec-WebSocket-Key: (\S+)/.exec(wire)?.[1] ?? '';
      const request = buildClientRequest({
        ...parsed,
        key,
        protocols: ['foo', 'bar'],
        headers: ['X-A: 1'],
      });
      assert.equal(request, wire);
    });
  }

  const hostTable: [string, string][] = [
    ['ws://h', 'h'],
    ['ws://h:80', 'h'],
    ['ws://h:443', 'h:443'],
    ['wss://h', 'h'],
    ['wss://h:443', 'h'],
    ['wss://h:80', 'h:80'],
    ['ws://H:8080', 'h:8080'],
    ['ws://[::1]:8080', '::1:8080'], // Godot's quirk: IPv6 without brackets
    ['wss://[::1]', '::1'],
  ];
  for (const [url, host] of hostTable) {
    test(`Host for ${url} is "${host}"`, () => {
      const { url: parsed } = parseWebSocketUrl(url);
      assert.ok(parsed);
      const request = buildClientRequest({ ...parsed, key: KEY });
      assert.equal(request.split('\r\n')[1], `Host: ${host}`);
    });
  }

  test('no protocol line without protocols; extra headers verbatim after it', () => {
    const request = buildClientRequest({
      host: 'h',
      port: 80,
      tls: false,
      path: '/',
      key: KEY,
      protocols: [],
      headers: ['Origin: http://x', 'X-Weird:no-space', 'not even a header'],
    });
    assert.equal(
      request,
      `GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${KEY}\r\n` +
        'Sec-WebSocket-Version: 13\r\nOrigin: http://x\r\nX-Weird:no-space\r\nnot even a header\r\n\r\n',
    );
  });

  test('one protocol, protocols with spaces kept as given', () => {
    const request = buildClientRequest({
      host: 'h',
      port: 80,
      tls: false,
      path: '/',
      key: KEY,
      protocols: ['a', ' b '],
    });
    assert.match(request, /\r\nSec-WebSocket-Protocol: a, b \r\n\r\n$/);
  });
});

const GODOT_RESPONSE =
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  `Sec-WebSocket-Accept: ${ACCEPT}`;

describe('validateServerResponse (docs/godot4-peer.md §1.5)', () => {
  const pass: [string, string, readonly string[], string][] = [
    ['Godot server response', GODOT_RESPONSE, [], ''],
    [
      'selected protocol',
      `${GODOT_RESPONSE}\r\nSec-WebSocket-Protocol: bar`,
      ['foo', 'bar'],
      'bar',
    ],
    [
      'no reason phrase, any-case Upgrade/Connection values and names',
      `HTTP/1.1 101\r\nUPGRADE: WebSocket\r\nconnection: UPGRADE\r\nSEC-WEBSOCKET-ACCEPT: ${ACCEPT}`,
      [],
      '',
    ],
    [
      'extra spaces in the status line, padded values',
      `  HTTP/1.1   101  Switching\r\nUpgrade: \twebsocket \r\nConnection:upgrade\r\nSec-WebSocket-Accept:   ${ACCEPT}\t`,
      [],
      '',
    ],
    [
      'extensions header ignored, other headers and repeats fine',
      `${GODOT_RESPONSE}\r\nSec-WebSocket-Extensions: permessage-deflate\r\nX-A: 1\r\nX-A: 2\r\nServer: test`,
      [],
      '',
    ],
    [
      'headers in another order',
      `HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: ${ACCEPT}\r\nSec-WebSocket-Protocol: foo\r\nConnection: Upgrade\r\nUpgrade: websocket`,
      ['foo'],
      'foo',
    ],
    [
      'a value with ":" inside and "::" after the name',
      `${GODOT_RESPONSE}\r\nX-Time:: 12:30:00`,
      [],
      '',
    ],
  ];
  for (const [name, head, protocols, protocol] of pass) {
    test(`accepts: ${name}`, () => {
      const r = validateServerResponse(head, { key: KEY, protocols, acceptKey });
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.equal(r.protocol, protocol);
    });
  }

  test('returns the parsed headers', () => {
    const r = validateServerResponse(`${GODOT_RESPONSE}\r\nX-A: 1\r\nx-a: 2`, {
      key: KEY,
      protocols: [],
      acceptKey,
    });
    assert.ok(r.ok);
    assert.equal(r.headers.get('x-a'), '1,2');
    assert.equal(r.headers.get('upgrade'), 'websocket');
  });

  const CONNECTION = "Missing or invalid header 'connection'. Expected value 'upgrade'.";
  const UPGRADE = "Missing or invalid header 'upgrade'. Expected value 'websocket'.";
  const ACCEPT_BAD = `Missing or invalid header 'sec-websocket-accept'. Expected value '${ACCEPT}'.`;
  const lines = GODOT_RESPONSE.split('\r\n');
  const without = (i: number) => lines.filter((_, j) => j !== i).join('\r\n');
  const replace = (i: number, line: string) =>
    lines.map((l, j) => (j === i ? line : l)).join('\r\n');
  const fail: [string, string, readonly string[], string][] = [
    ['3 lines', without(1), [], 'Not enough response headers. Got: 3, expected >= 4.'],
    ['empty head', '', [], 'Not enough response headers. Got: 1, expected >= 4.'],
    [
      'status line with one token',
      replace(0, 'HTTP/1.1'),
      [],
      "Invalid protocol or status code. Got 'HTTP/1.1', expected 'HTTP/1.1 101'.",
    ],
    [
      'HTTP/1.0',
      replace(0, 'HTTP/1.0 101 Switching Protocols'),
      [],
      "Invalid protocol. Got: 'HTTP/1.0', expected 'HTTP/1.1'.",
    ],
    [
      'lowercase http/1.1',
      replace(0, 'http/1.1 101 x'),
      [],
      "Invalid protocol. Got: 'http/1.1', expected 'HTTP/1.1'.",
    ],
    [
      '200 OK',
      replace(0, 'HTTP/1.1 200 OK'),
      [],
      "Invalid status code. Got: '200', expected '101'.",
    ],
    [
      '"101 " glued',
      replace(0, 'HTTP/1.1 101x'),
      [],
      "Invalid status code. Got: '101x', expected '101'.",
    ],
    [
      'tab instead of space',
      replace(0, 'HTTP/1.1\t101'),
      [],
      "Invalid protocol or status code. Got 'HTTP/1.1\t101', expected 'HTTP/1.1 101'.",
    ],
    [
      'Connection: keep-alive, Upgrade',
      replace(2, 'Connection: keep-alive, Upgrade'),
      [],
      CONNECTION,
    ],
    [
      'Connection: Upgrade, keep-alive',
      replace(2, 'Connection: Upgrade, keep-alive'),
      [],
      CONNECTION,
    ],
    ['Connection repeated', `${GODOT_RESPONSE}\r\nConnection: Upgrade`, [], CONNECTION],
    ['Connection missing', `${without(2)}\r\nX: y`, [], CONNECTION],
    ['space before the colon', replace(2, 'Connection : Upgrade'), [], CONNECTION],
    ['Connection: close', replace(2, 'Connection: close'), [], CONNECTION],
    ['Upgrade: websocket2', replace(1, 'Upgrade: websocket2'), [], UPGRADE],
    ['Upgrade: h2c', replace(1, 'Upgrade: h2c'), [], UPGRADE],
    ['Upgrade missing', `${without(1)}\r\nX: y`, [], UPGRADE],
    [
      'accept in another case',
      replace(3, `Sec-WebSocket-Accept: ${ACCEPT.toLowerCase()}`),
      [],
      ACCEPT_BAD,
    ],
    ['accept missing', `${without(3)}\r\nX: y`, [], ACCEPT_BAD],
    [
      'accept of another key',
      replace(3, `Sec-WebSocket-Accept: ${acceptKey('AAAAAAAAAAAAAAAAAAAAAA==')}`),
      [],
      ACCEPT_BAD,
    ],
    ['accept repeated', `${GODOT_RESPONSE}\r\nSec-WebSocket-Accept: ${ACCEPT}`, [], ACCEPT_BAD],
    ['header without ":"', `${GODOT_RESPONSE}\r\nBroken`, [], 'Invalid header -> Broken.'],
    [
      'header with an empty value',
      `${GODOT_RESPONSE}\r\nX-Empty:`,
      [],
      'Invalid header -> X-Empty:.',
    ],
    ['header with an empty name', `${GODOT_RESPONSE}\r\n: v`, [], 'Invalid header -> : v.'],
    [
      'protocol when none was requested',
      `${GODOT_RESPONSE}\r\nSec-WebSocket-Protocol: chat`,
      [],
      'Received unrequested sub-protocol -> chat',
    ],
    [
      'no protocol when some were requested',
      GODOT_RESPONSE,
      ['foo'],
      'Requested sub-protocol(s) but received none.',
    ],
    [
      'a protocol we did not offer',
      `${GODOT_RESPONSE}\r\nSec-WebSocket-Protocol: baz`,
      ['foo', 'bar'],
      'Received unrequested sub-protocol -> baz',
    ],
    [
      'a list of protocols',
      `${GODOT_RESPONSE}\r\nSec-WebSocket-Protocol: foo,bar`,
      ['foo', 'bar'],
      'Received unrequested sub-protocol -> foo,bar',
    ],
    [
      'protocol in another case',
      `${GODOT_RESPONSE}\r\nSec-WebSocket-Protocol: FOO`,
      ['foo'],
      'Received unrequested sub-protocol -> FOO',
    ],
  ];
  for (const [name, head, protocols, reason] of fail) {
    test(`rejects: ${name}`, () => {
      assert.deepEqual(validateServerResponse(head, { key: KEY, protocols, acceptKey }), {
        ok: false,
        reason,
      });
    });
  }
});
