import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  HttpHeadReader,
  parseHeaderLines,
  splitHeaderLine,
  splitStartLine,
  stripEdges,
  WSL_MAX_HEADER_SIZE,
} from '../../src/protocol/http-head.js';

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

const REQUEST =
  'GET /chat?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\n' +
  'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
  'Sec-WebSocket-Version: 13\r\n\r\n';
/** A masked text frame "Hello" (RFC 6455 §5.7) and the start of a second frame. */
const FRAMES = Uint8Array.of(
  0x81,
  0x85,
  0x37,
  0xfa,
  0x21,
  0x3d,
  0x7f,
  0x9f,
  0x4d,
  0x51,
  0x58,
  0x89,
);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Feeds `chunks` and returns the head plus every leftover byte after it. */
function feed(reader: HttpHeadReader, chunks: Uint8Array[]) {
  let head: string | undefined;
  let tooLarge = false;
  const leftovers: Uint8Array[] = [];
  for (const chunk of chunks) {
    const r = reader.push(chunk);
    if (r.kind === 'complete') {
      head = r.head;
      leftovers.push(r.leftover);
    } else if (r.kind === 'too-large') tooLarge = true;
  }
  return { head, tooLarge, leftover: concat(...leftovers) };
}

/** A head of exactly `size` bytes, terminator included. */
function headOfSize(size: number): string {
  const start = 'GET / HTTP/1.1\r\nX-Pad: ';
  return `${start}${'a'.repeat(size - start.length - 4)}\r\n\r\n`;
}

describe('HttpHeadReader', () => {
  test('one chunk: head without the blank line, frame bytes after it left over', () => {
    const reader = new HttpHeadReader();
    const r = reader.push(concat(bytes(REQUEST), FRAMES));
    assert.equal(r.kind, 'complete');
    if (r.kind !== 'complete') return;
    assert.equal(r.head, REQUEST.slice(0, -4));
    assert.deepEqual(r.leftover, FRAMES);
    assert.equal(reader.headSize, REQUEST.length);
  });

  test('leftover is a view into the pushed chunk, not a copy', () => {
    const chunk = concat(bytes(REQUEST), FRAMES);
    const r = new HttpHeadReader().push(chunk);
    assert.ok(r.kind === 'complete');
    assert.equal(r.leftover.buffer, chunk.buffer);
    assert.equal(r.leftover.byteOffset, REQUEST.length);
  });

  test('split at every byte position gives the same head and the same leftover', () => {
    const all = concat(bytes(REQUEST), FRAMES);
    for (let cut = 0; cut <= all.length; cut++) {
      const got = feed(new HttpHeadReader(), [all.subarray(0, cut), all.subarray(cut)]);
      assert.equal(got.head, REQUEST.slice(0, -4), `cut ${cut}`);
      assert.deepEqual(got.leftover, FRAMES, `cut ${cut}`);
    }
  });

  test('three-way splits around the terminator', () => {
    const all = concat(bytes(REQUEST), FRAMES);
    const end = REQUEST.length;
    for (let a = end - 6; a <= end; a++) {
      for (let b = a; b <= end + 2; b++) {
        const got = feed(new HttpHeadReader(), [
          all.subarray(0, a),
          all.subarray(a, b),
          all.subarray(b),
        ]);
        assert.equal(got.head, REQUEST.slice(0, -4), `${a}/${b}`);
        assert.deepEqual(got.leftover, FRAMES, `${a}/${b}`);
      }
    }
  });

  test('byte by byte', () => {
    const all = concat(bytes(REQUEST), FRAMES);
    const reader = new HttpHeadReader();
    const chunks = Array.from(all, (b) => Uint8Array.of(b));
    const got = feed(reader, chunks);
    assert.equal(got.head, REQUEST.slice(0, -4));
    assert.deepEqual(got.leftover, FRAMES);
  });

  test('need-more until the terminator, empty chunks are harmless', () => {
    const reader = new HttpHeadReader();
    assert.equal(reader.push(new Uint8Array(0)).kind, 'need-more');
    assert.equal(reader.push(bytes('GET / HTTP/1.1\r\n\r')).kind, 'need-more');
    assert.equal(reader.bufferedBytes, 17);
    assert.equal(reader.headSize, -1);
    assert.equal(reader.push(bytes('\n')).kind, 'complete');
  });

  test(`a head of exactly ${WSL_MAX_HEADER_SIZE} bytes passes, ${WSL_MAX_HEADER_SIZE + 1} does not`, () => {
    const ok = headOfSize(WSL_MAX_HEADER_SIZE);
    assert.equal(ok.length, 4096);
    const r = new HttpHeadReader().push(concat(bytes(ok), FRAMES));
    assert.equal(r.kind, 'complete');
    assert.equal(r.kind === 'complete' && r.leftover.length, FRAMES.length);
    const big = headOfSize(WSL_MAX_HEADER_SIZE + 1);
    assert.equal(new HttpHeadReader().push(bytes(big)).kind, 'too-large');
    // Byte by byte too: the failure comes once 4096 bytes are held without a terminator.
    const reader = new HttpHeadReader();
    let i = 0;
    for (; i < big.length; i++) {
      const kind = reader.push(bytes(big[i]!)).kind;
      if (kind !== 'need-more') {
        assert.equal(kind, 'too-large');
        break;
      }
    }
    assert.equal(i, 4095);
    assert.equal(reader.bufferedBytes, 4096);
  });

  test('too-large is reported as soon as the cap is full, without waiting for more bytes', () => {
    const reader = new HttpHeadReader(16);
    assert.equal(reader.push(bytes('GET / HTTP/1.1\r\n')).kind, 'too-large');
    assert.equal(reader.bufferedBytes, 16);
  });

  test('a custom cap', () => {
    const head = headOfSize(100);
    assert.equal(new HttpHeadReader(100).push(bytes(head)).kind, 'complete');
    assert.equal(new HttpHeadReader(99).push(bytes(head)).kind, 'too-large');
    assert.equal(new HttpHeadReader(0).push(bytes('x')).kind, 'too-large');
  });

  test('results are sticky; reset() starts over', () => {
    const reader = new HttpHeadReader(64);
    assert.equal(reader.push(bytes('x'.repeat(65))).kind, 'too-large');
    assert.equal(reader.push(bytes('\r\n\r\n')).kind, 'too-large');
    reader.reset();
    assert.equal(reader.bufferedBytes, 0);
    const first = reader.push(bytes('A\r\nB\r\n\r\nZ'));
    assert.ok(first.kind === 'complete');
    assert.deepEqual(first.leftover, bytes('Z'));
    const later = reader.push(FRAMES);
    assert.ok(later.kind === 'complete');
    assert.equal(later.head, 'A\r\nB');
    assert.equal(later.leftover, FRAMES);
  });

  test('a stream starting with \\r\\n\\r\\n does not end there (Godot checks index > 3)', () => {
    const r = new HttpHeadReader().push(bytes('\r\n\r\n\r\nrest'));
    assert.ok(r.kind === 'complete');
    assert.equal(r.head, '\r\n');
    assert.deepEqual(r.leftover, bytes('rest'));
    assert.equal(new HttpHeadReader().push(bytes('\r\n\r\n')).kind, 'need-more');
    const one = new HttpHeadReader().push(bytes('x\r\n\r\n'));
    assert.ok(one.kind === 'complete' && one.head === 'x');
  });

  test('bytes are decoded one per character (Latin-1) and the text stops at a NUL', () => {
    const r = new HttpHeadReader().push(latin1('GET /\xe9\xff\x80 HTTP/1.1\r\n\r\n'));
    assert.ok(r.kind === 'complete' && r.head === 'GET /\xe9\xff\x80 HTTP/1.1');
    const nul = new HttpHeadReader().push(latin1('GET / HTTP/1.1\r\nA: b\x00junk\r\nC: d\r\n\r\n'));
    assert.ok(nul.kind === 'complete' && nul.head === 'GET / HTTP/1.1\r\nA: b');
  });
});

describe('header line parsing (Godot split rules)', () => {
  const table: [string, [string, string] | undefined][] = [
    ['Upgrade: websocket', ['Upgrade', ' websocket']],
    ['Upgrade:websocket', ['Upgrade', 'websocket']],
    ['Name: a:b: c', ['Name', ' a:b: c']],
    ['a::b', ['a', 'b']],
    [':a:b', ['a', 'b']],
    ['Name: ', ['Name', ' ']],
    ['Name:', undefined],
    ['Name:::', undefined],
    [':value', undefined],
    ['no colon', undefined],
    ['', undefined],
    [':', undefined],
  ];
  for (const [line, expected] of table) {
    test(JSON.stringify(line), () => assert.deepEqual(splitHeaderLine(line), expected));
  }

  test('stripEdges removes every character code <= 32', () => {
    assert.equal(stripEdges(' \t\x00\x1f a b \r\x0b '), 'a b');
    assert.equal(stripEdges('\u00a0x\u00a0'), '\u00a0x\u00a0');
    assert.equal(stripEdges('   '), '');
  });

  test('start line splits on spaces only, dropping empty parts', () => {
    assert.deepEqual(splitStartLine('  GET   /a  HTTP/1.1 '), ['GET', '/a', 'HTTP/1.1']);
    assert.deepEqual(splitStartLine('GET\t/ HTTP/1.1'), ['GET\t/', 'HTTP/1.1']);
  });

  test('names lowercased but not trimmed, values trimmed, repeats joined with ","', () => {
    const r = parseHeaderLines([
      'GET / HTTP/1.1',
      'X-A: 1',
      'x-a:  2 ',
      'X-A :3',
      'Sec-WebSocket-Protocol: a, b',
      'SEC-WEBSOCKET-PROTOCOL: c',
      'Blank: \t',
    ]);
    assert.ok(r.ok);
    assert.deepEqual(
      [...r.headers],
      [
        ['x-a', '1,2'],
        ['x-a ', '3'],
        ['sec-websocket-protocol', 'a, b,c'],
        ['blank', ''],
      ],
    );
  });

  test('a line without ":" or with nothing after it fails the head', () => {
    assert.deepEqual(parseHeaderLines(['S', 'A: 1', 'oops']), {
      ok: false,
      reason: 'Invalid header -> oops',
    });
    assert.deepEqual(parseHeaderLines(['S', 'Empty:']), {
      ok: false,
      reason: 'Invalid header -> Empty:',
    });
  });
});
