import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { parseGodot3Url, parseUrl, parseWebSocketUrl } from '../../src/protocol/url.js';

const BAD = Error.ERR_INVALID_PARAMETER;
type Fields = [scheme: 'ws' | 'wss', host: string, port: number, path: string];

function expectUrl(result: ReturnType<typeof parseWebSocketUrl>, fields: Fields | number): void {
  if (typeof fields === 'number') {
    assert.equal(result.error, fields);
    assert.equal(result.url, undefined);
    return;
  }
  const [scheme, host, port, path] = fields;
  assert.equal(result.error, Error.OK);
  assert.deepEqual(result.url, { scheme, tls: scheme === 'wss', host, port, path });
}

describe('parseWebSocketUrl (Godot 4 rules, docs/godot4-peer.md §1.3)', () => {
  const table: [string, Fields | number][] = [
    // Scheme handling.
    ['ws://example.com', ['ws', 'example.com', 80, '/']],
    ['wss://example.com', ['wss', 'example.com', 443, '/']],
    ['WS://Example.COM/Path', ['ws', 'example.com', 80, '/Path']],
    ['WsS://h', ['wss', 'h', 443, '/']],
    ['example.com:8080/x', ['ws', 'example.com', 8080, '/x']],
    ['localhost', ['ws', 'localhost', 80, '/']],
    ['http://example.com', BAD],
    ['https://example.com', BAD],
    ['ftp+x.y-z://h', BAD],
    ['://h', BAD], // an empty scheme is still a scheme, and not ws/wss
    ['', BAD],
    // Scheme only counts when made of letters, digits, "+", "-", ".": otherwise no scheme.
    ['h/p?u=ws://x', ['ws', 'h', 80, '/p?u=ws://x']],
    // Ports.
    ['ws://h:1', ['ws', 'h', 1, '/']],
    ['ws://h:65535', ['ws', 'h', 65535, '/']],
    ['ws://h:80', ['ws', 'h', 80, '/']],
    ['wss://h:80', ['wss', 'h', 80, '/']],
    ['ws://h:443', ['ws', 'h', 443, '/']],
    ['ws://h:08080', ['ws', 'h', 8080, '/']],
    ['ws://h:+8080', ['ws', 'h', 8080, '/']],
    ['ws://h:0', BAD],
    ['ws://h:65536', BAD],
    ['ws://h:-1', BAD],
    ['ws://h:', BAD],
    ['ws://h:+', BAD],
    ['ws://h:8a0', BAD],
    ['ws://h: 80', BAD],
    ['ws://h:99999999999999999999999', BAD], // clamps to INT64_MAX → -1 as an int
    ['ws://h:4294967376', ['ws', 'h', 80, '/']], // 2^32 + 80 truncated to a C++ int (source reading)
    // Path and query verbatim, fragment removed.
    ['ws://h/a/b?c=d&e=%20f', ['ws', 'h', 80, '/a/b?c=d&e=%20f']],
    ['ws://h/chat#frag', ['ws', 'h', 80, '/chat']],
    ['ws://h#frag/x', ['ws', 'h', 80, '/']],
    ['ws://h:9000#f', ['ws', 'h', 9000, '/']],
    ['ws://h?q=1', ['ws', 'h?q=1', 80, '/']], // without "/" the query lands in the host (DNS fails)
    ['ws://h:80?q=1', BAD],
    ['ws://h//x', ['ws', 'h', 80, '//x']],
    // Credentials stripped (first "@").
    ['ws://user:pass@h:81/p', ['ws', 'h', 81, '/p']],
    ['ws://user@h', ['ws', 'h', 80, '/']],
    ['ws://a@b@h', ['ws', 'b@h', 80, '/']],
    ['ws://u@/p', BAD],
    ['ws://h/p@q', ['ws', 'h', 80, '/p@q']],
    // IPv6.
    ['ws://[::1]:8080/p', ['ws', '::1', 8080, '/p']],
    ['wss://[FE80::1]', ['wss', 'fe80::1', 443, '/']],
    ['ws://[::1]', ['ws', '::1', 80, '/']],
    ['ws://[::1]junk', ['ws', '::1', 80, '/']], // text after "]" that is not ":port" is ignored
    ['ws://[::1]:0', BAD],
    ['ws://[::1', BAD],
    ['ws://[]:80', BAD],
    ['ws://::1', BAD],
    ['ws://::1:8080', BAD],
    ['ws://a:b:c', BAD],
    // Host.
    ['ws://:8080', BAD],
    ['ws:///path', BAD],
    ['ws://HOST.example', ['ws', 'host.example', 80, '/']],
    ['ws://127.0.0.1:9080/x', ['ws', '127.0.0.1', 9080, '/x']],
  ];
  for (const [url, fields] of table) {
    test(JSON.stringify(url), () => expectUrl(parseWebSocketUrl(url), fields));
  }

  test('parseUrl keeps the scheme with "://", the port 0 when absent, the fragment', () => {
    assert.deepEqual(parseUrl('HTTP://u@H/p?q#f#g'), {
      error: Error.OK,
      parts: { scheme: 'http://', host: 'h', port: 0, path: '/p?q', fragment: 'f#g' },
    });
  });
});

describe('parseGodot3Url (Godot 3.2 split rules, docs/godot3-multiplayer.md §4.3; checked on 3.2.3)', () => {
  const table: [string, Fields | number][] = [
    ['ws://127.0.0.1/chat?x=1', ['ws', '127.0.0.1', 80, '/chat?x=1']],
    ['wss://h', ['wss', 'h', 443, '/']],
    ['wss://h:80/a', ['wss', 'h', 80, '/a']],
    ['ws://LocalHost:8080', ['ws', 'LocalHost', 8080, '/']], // case kept (seen on the wire)
    ['127.0.0.1:8080/p#frag', ['ws', '127.0.0.1', 8080, '/p#frag']], // no scheme; fragment sent
    ['WS://h:9/x', ['ws', 'WS', 0, '//h:9/x']], // prefix is case-sensitive
    ['http://h:9/x', ['ws', 'http', 0, '//h:9/x']], // no scheme check at all
    ['ws://h:8a0/q', ['ws', 'h', 80, '/q']], // lenient digits (3.2.3 connected to port 80)
    ['ws://h:80.5/q', ['ws', 'h', 80, '/q']], // stops at "."
    ['ws://h:/x', ['ws', 'h', 0, '/x']], // port 0: the TCP connect fails later
    ['ws://h:70000/x', ['ws', 'h', 4464, '/x']], // truncated to 16 bits
    ['ws://h:-80', ['ws', 'h', 65456, '/']],
    ['ws://h:99999999999', ['ws', 'h', 65535, '/']], // clamps to INT32_MAX first
    ['ws://u:p@127.0.0.1:8080/p', ['ws', 'u:p@127.0.0.1:8080', 80, '/p']], // lookup fails later
    ['ws://[::1]:8080/x', ['ws', '[::1]:8080', 80, '/x']], // IPv6 not supported
    ['ws://h?q=1', ['ws', 'h?q=1', 80, '/']],
    ['ws:///x', BAD],
    ['ws://', BAD],
    ['', BAD],
    ['ws://:80/x', BAD],
  ];
  for (const [url, fields] of table) {
    test(JSON.stringify(url), () => expectUrl(parseGodot3Url(url), fields));
  }
});
