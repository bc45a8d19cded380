// The handshake hook answering a plain HTTP GET (not an upgrade) with a page on the same port.
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { test } from 'node:test';
import { TCPServer } from '../../src/net/tcp-server.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';
import { listenLoopback } from '../helpers/ws-pair.js';

interface Answer {
  status: number;
  type: string;
  body: string;
}

function fetchPage(port: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path: '/', timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }),
      );
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 5 s')));
    request.on('error', reject);
  });
}

test('a plain HTTP GET gets the hook’s 200 page; the answer is logged as verbose, not a warning', async () => {
  const log = captureLog('verbose');
  const tcp = new TCPServer();
  try {
    await listenLoopback(tcp);
    const server = new WebSocketPeer();
    server.setHandshakeRequestHook((request) =>
      request.headers.get('upgrade')?.toLowerCase() === 'websocket'
        ? undefined
        : {
            status: 200,
            headers: ['Content-Type: text/html; charset=utf-8'],
            body: `<p>path ${request.path} é</p>`,
          },
    );
    const page = fetchPage(tcp.getLocalPort());
    await pollUntil('a connection', () => tcp.isConnectionAvailable());
    assert.equal(server.acceptStream(tcp.takeConnection()), 0);
    let answer: Answer | undefined;
    page.then((a) => {
      answer = a;
    });
    await pollUntil(
      'the page',
      () => answer !== undefined,
      () => server.poll(),
    );
    assert.deepEqual(answer, {
      status: 200,
      type: 'text/html; charset=utf-8',
      body: '<p>path / é</p>',
    });
    assert.equal(server.getReadyState(), WebSocketPeer.STATE_CLOSED);
    const answered = log.lines.filter((l) => l.includes('hook answered'));
    assert.equal(answered.length, 1, answered.join('\n'));
    assert.match(
      answered[0]!,
      /^verbose: WebSocket handshake with 127\.0\.0\.1:\d+: the request hook answered 200\.$/,
    );
  } finally {
    tcp.stop();
    log.restore();
  }
});
