import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { WS_GUID } from '../../src/protocol/handshake-client.js';
import {
  acceptUpgradeRequest,
  buildHttpErrorResponse,
  buildServerResponse,
  parseHttpGetRequest,
  parseUpgradeRequest,
  selectSubprotocol,
  serverHandshake,
  serverRequestedUrl,
} from '../../src/protocol/handshake-server.js';

const acceptKey = (key: string) =>
  createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');
const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

/** What a Godot client sends (without the final blank line). */
const GODOT_REQUEST =
  'GET /chat?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13`;
const BASE = `Upgrade: websocket\r\nSec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13`;

describe('serverHandshake accepts (docs/godot4-peer.md §1.6; * = checked on Godot 3.2.3)', () => {
  const pass: [string, string, readonly string[], string][] = [
    ['a Godot client request', GODOT_REQUEST, [], ''],
    [
      'protocols in the client order *',
      `${GODOT_REQUEST}\r\nSec-WebSocket-Protocol: foo,bar`,
      ['bar', 'foo'],
      'foo',
    ],
    [
      'the first supported one *',
      `${GODOT_REQUEST}\r\nSec-WebSocket-Protocol: foo,bar`,
      ['bar'],
      'bar',
    ],
    [
      'protocol list trimmed, split over repeated headers *',
      `${GODOT_REQUEST}\r\nSec-WebSocket-Protocol:  x , foo\r\nSec-WebSocket-Protocol: bar `,
      ['bar'],
      'bar',
    ],
    [
      'Connection: keep-alive, Upgrade and Upgrade: WebSocket *',
      `GET / HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13`,
      [],
      '',
    ],
    ['any Connection value, even blank *', `GET / HTTP/1.1\r\nConnection:\t\r\n${BASE}`, [], ''],
    ['no Host, no Origin *', `GET / HTTP/1.1\r\nConnection: Upgrade\r\n${BASE}`, [], ''],
    ['a fourth request-line token *', `GET /a HTTP/1.1 extra\r\nConnection: x\r\n${BASE}`, [], ''],
    ['any path', `GET * HTTP/1.1\r\nConnection: x\r\n${BASE}`, [], ''],
    [
      'any key value',
      'GET / HTTP/1.1\r\nConnection: x\r\nUpgrade: websocket\r\nSec-WebSocket-Key: nope\r\nSec-WebSocket-Version: 13',
      [],
      '',
    ],
    [
      '"::" after a header name *',
      `GET / HTTP/1.1\r\nConnection: x\r\n${BASE}\r\nX-Colons:: a`,
      [],
      '',
    ],
    [
      'extensions offered (ignored, none answered)',
      `${GODOT_REQUEST}\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits`,
      [],
      '',
    ],
  ];
  for (const [name, head, protocols, selected] of pass) {
    test(name, () => {
      const r = serverHandshake(head, { protocols, acceptKey });
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.equal(r.selectedProtocol, selected);
      assert.equal(r.key, r.headers.get('sec-websocket-key'));
      assert.equal(
        r.response,
        buildServerResponse({ accept: acceptKey(r.key), protocol: selected }),
      );
    });
  }

  test('exposes path, lowercased headers and the parsed request', () => {
    const r = serverHandshake(`${GODOT_REQUEST}\r\nX-Token: abc\r\nx-token: def`, { acceptKey });
    assert.ok(r.ok);
    assert.equal(r.path, '/chat?x=1');
    assert.equal(r.headers.get('host'), '127.0.0.1:8080');
    assert.equal(r.headers.get('x-token'), 'abc,def');
    assert.equal(r.request.method, 'GET');
    assert.equal(r.request.version, 'HTTP/1.1');
    assert.equal(serverRequestedUrl(r.request, false), 'ws://127.0.0.1:8080/chat?x=1');
    assert.equal(serverRequestedUrl(r.request, true), 'wss://127.0.0.1:8080/chat?x=1');
  });

  test('parse first, let a hook look, then accept', () => {
    const parsed = parseUpgradeRequest(`${GODOT_REQUEST}\r\nCookie: id=7`);
    assert.ok(parsed.ok);
    assert.equal(parsed.request.headers.get('cookie'), 'id=7');
    const r = acceptUpgradeRequest(parsed.request, { acceptKey, headers: ['X-Id: 7'] });
    assert.ok(r.ok);
    assert.ok(r.response.endsWith('\r\nX-Id: 7\r\n\r\n'));
  });
});

describe('serverHandshake rejects (Godot drops the connection silently)', () => {
  const UPGRADE = "Missing or invalid header 'upgrade'. Expected value 'websocket'.";
  const VERSION = "Missing or invalid header 'sec-websocket-version'. Expected value '13'.";
  const METHOD = 'Invalid method or HTTP version.';
  const fail: [string, string, readonly string[], string][] = [
    [
      '3 lines',
      'GET / HTTP/1.1\r\nA: b\r\nC: d',
      [],
      'Not enough response headers, got: 3, expected >= 4.',
    ],
    ['HTTP/1.0 *', `GET / HTTP/1.0\r\nConnection: Upgrade\r\n${BASE}`, [], METHOD],
    ['POST', `POST / HTTP/1.1\r\nConnection: Upgrade\r\n${BASE}`, [], METHOD],
    ['lowercase get', `get / HTTP/1.1\r\nConnection: Upgrade\r\n${BASE}`, [], METHOD],
    ['lowercase version', `GET / http/1.1\r\nConnection: Upgrade\r\n${BASE}`, [], METHOD],
    // Godot 3.2.3 reads past the token list here and aborts; we just refuse.
    ['two request-line tokens *', `GET /\r\nConnection: Upgrade\r\n${BASE}`, [], METHOD],
    [
      'one request-line token',
      `GET\r\nConnection: Upgrade\r\n${BASE}`,
      [],
      'Invalid protocol or status code.',
    ],
    ['header without ":"', `${GODOT_REQUEST}\r\nbroken`, [], 'Invalid header -> broken'],
    [
      'header with an empty value *',
      `${GODOT_REQUEST}\r\nX-Empty:`,
      [],
      'Invalid header -> X-Empty:',
    ],
    [
      'space before the colon *',
      `GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade : websocket\r\nSec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13`,
      [],
      UPGRADE,
    ],
    [
      'Upgrade missing',
      `GET / HTTP/1.1\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13`,
      [],
      UPGRADE,
    ],
    ['Upgrade repeated (websocket,h2c)', `${GODOT_REQUEST}\r\nUpgrade: h2c`, [], UPGRADE],
    [
      'version 8',
      'GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: k\r\nSec-WebSocket-Version: 8',
      [],
      VERSION,
    ],
    ['version repeated *', `${GODOT_REQUEST}\r\nSec-WebSocket-Version: 13`, [], VERSION],
    [
      'version missing',
      'GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: k',
      [],
      VERSION,
    ],
    [
      'key missing',
      'GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13',
      [],
      "Missing header 'sec-websocket-key'.",
    ],
    ['Connection missing *', `GET / HTTP/1.1\r\n${BASE}`, [], "Missing header 'connection'."],
    [
      'a protocol offered to a server with none *',
      `${GODOT_REQUEST}\r\nSec-WebSocket-Protocol: foo`,
      [],
      'No supported sub-protocol among the requested -> foo',
    ],
    [
      'no offered protocol supported',
      `${GODOT_REQUEST}\r\nSec-WebSocket-Protocol: foo, baz`,
      ['bar'],
      'No supported sub-protocol among the requested -> foo, baz',
    ],
    [
      'none offered to a server that needs one *',
      GODOT_REQUEST,
      ['foo'],
      'Sub-protocol required but the client requested none.',
    ],
    [
      'a blank protocol offer',
      `${GODOT_REQUEST}\r\nSec-WebSocket-Protocol: \t`,
      ['foo'],
      'No supported sub-protocol among the requested -> ',
    ],
  ];
  for (const [name, head, protocols, reason] of fail) {
    test(name, () => {
      const r = serverHandshake(head, { protocols, acceptKey });
      assert.equal(r.ok, false);
      assert.equal(r.ok === false && r.reason, reason);
    });
  }
});

describe('selectSubprotocol', () => {
  const table: [string | undefined, string[], string | null][] = [
    [undefined, [], ''],
    [undefined, ['a'], null],
    ['a', [], null],
    ['a,b', ['b', 'a'], 'a'],
    ['b,a', ['a', 'b'], 'b'],
    [' a ,\tb', ['b'], 'b'],
    ['a,,b', ['b'], 'b'],
    ['', [''], null], // an empty selection counts as none (Godot)
    ['A', ['a'], null],
    // "*" (not in Godot): the client's first non-empty entry, or none when it offers none.
    ['ludus, demo-chat', ['*'], 'ludus'],
    [',demo-chat', ['*'], 'demo-chat'],
    [undefined, ['*'], ''],
    ['', ['*'], ''],
    ['b,a', ['a', '*'], 'b'],
  ];
  for (const [offered, supported, expected] of table) {
    test(`${JSON.stringify(offered)} vs ${JSON.stringify(supported)}`, () => {
      const r = selectSubprotocol(offered, supported);
      assert.equal(r.ok ? r.protocol : null, expected);
    });
  }
});

describe('responses', () => {
  // Captured from a Godot 3.2.3 WebSocketServer listening with ["bar"] (request key = RFC sample).
  test('101 byte-exact with Godot 3.2.3 and docs/godot3-wire.md §1', () => {
    const r = serverHandshake(`${GODOT_REQUEST}\r\nSec-WebSocket-Protocol: foo,bar`, {
      protocols: ['bar'],
      acceptKey,
    });
    assert.ok(r.ok);
    assert.equal(
      r.response,
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${ACCEPT}\r\nSec-WebSocket-Protocol: bar\r\n\r\n`,
    );
  });

  test('101 without a protocol, extra headers verbatim after everything', () => {
    assert.equal(
      buildServerResponse({ accept: ACCEPT, headers: ['X-A: 1', 'whatever'] }),
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${ACCEPT}\r\nX-A: 1\r\nwhatever\r\n\r\n`,
    );
  });

  test('HTTP error responses', () => {
    assert.equal(
      buildHttpErrorResponse(403),
      'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
        'Content-Length: 9\r\n\r\nForbidden',
    );
    assert.equal(
      buildHttpErrorResponse(401, 'Nope é', ['WWW-Authenticate: Basic']),
      'HTTP/1.1 401 Nope é\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
        'Content-Length: 7\r\nWWW-Authenticate: Basic\r\n\r\nNope é',
    );
    assert.match(buildHttpErrorResponse(499), /^HTTP\/1\.1 499 Error\r\n/);
    assert.match(buildHttpErrorResponse(42), /^HTTP\/1\.1 500 Internal Server Error\r\n/);
    assert.match(buildHttpErrorResponse(400.5), /^HTTP\/1\.1 500 /);
    const injected = buildHttpErrorResponse(400, 'Bad\r\nSet-Cookie: x=1');
    assert.match(injected, /^HTTP\/1\.1 400 Bad {2}Set-Cookie: x=1\r\nConnection: close\r\n/);
    assert.equal(injected.split('\r\n').filter((l) => l.startsWith('Set-Cookie')).length, 0);
  });

  test('parseHttpGetRequest: any GET head for hooks (no 4-line minimum), same other rules', () => {
    const plain = parseHttpGetRequest('GET /status HTTP/1.1\r\nHost: x');
    assert.ok(plain.ok);
    assert.equal(plain.request.path, '/status');
    assert.equal(plain.request.headers.get('host'), 'x');
    assert.equal(parseUpgradeRequest('GET /status HTTP/1.1\r\nHost: x').ok, false);
    assert.equal(parseHttpGetRequest('POST / HTTP/1.1\r\nHost: x').ok, false);
    assert.equal(parseHttpGetRequest('GET / HTTP/1.0').ok, false);
    assert.equal(parseHttpGetRequest('GET / HTTP/1.1\r\nbad line').ok, false);
  });

  test('HTTP responses with a body and their own Content-Type', () => {
    assert.equal(
      buildHttpErrorResponse(
        200,
        undefined,
        ['Content-Type: text/html; charset=utf-8'],
        '<p>é</p>',
      ),
      'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 9\r\n' +
        'Content-Type: text/html; charset=utf-8\r\n\r\n<p>é</p>',
    );
    assert.equal(
      buildHttpErrorResponse(404, undefined, [], 'no such page'),
      'HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
        'Content-Length: 12\r\n\r\nno such page',
    );
  });
});
