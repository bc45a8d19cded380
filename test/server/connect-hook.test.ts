import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { captureLog } from '../helpers/log.js';
import { pollFor, pollUntil } from '../helpers/poll.js';
import { joinRoom, pumpAll, startRoomServer } from '../helpers/room-server-setup.js';

/** An upgrade request for `path`; resolves with the status and the body of the answer. */
function upgrade(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n') && !text.startsWith('HTTP/1.1 101')) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () =>
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0),
        body: text.slice(text.indexOf('\r\n\r\n') + 4),
      }),
    );
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    setTimeout(() => socket.destroy(), 5000).unref();
  });
}

test('onConnect: refuse by token, route into a room, keep data for the peer', async (t) => {
  const { server, port, url } = await startRoomServer();
  t.after(() => server.close());
  const seen: string[] = [];
  server.onConnect = (request) => {
    seen.push(
      `${request.room} ${JSON.stringify(request.query)} ${request.address.startsWith('127.0.0.1:')}`,
    );
    if (request.query.token !== 'good') return { status: 401, reason: 'bad token' };
    return { room: '/routed', data: { player: request.query.name } };
  };
  assert.deepEqual(await upgrade(port, '/lobby?token=bad'), { status: 401, body: 'bad token\n' });
  assert.equal(server.stats.refused.get('hook'), 1);
  const client = await joinRoom(server, url('/lobby?token=good&name=Ann'));
  const room = server.getRoom('/routed');
  assert.deepEqual(room?.getPeers(), [client.getUniqueId()]);
  assert.deepEqual(room?.getPeerData(client.getUniqueId()), { player: 'Ann' });
  assert.equal(server.getRoom('/lobby'), undefined);
  assert.deepEqual(seen, [
    '/lobby {"token":"bad"} true',
    '/lobby {"token":"good","name":"Ann"} true',
  ]);
  client.close();
  await pollUntil(
    'the peer data to go',
    () => room?.peerData.size === 0,
    () => server.poll(),
  );
});

test('onConnect may answer later; a throw refuses with 500 and a hook that never answers with 503', async (t) => {
  const log = captureLog('error');
  t.after(() => log.restore());
  const { server, port, url } = await startRoomServer({ hookTimeoutMs: 300 });
  t.after(() => server.close());
  server.onConnect = async (request) => {
    if (request.room === '/throw') throw new Error('boom');
    if (request.room === '/hang') return new Promise(() => {});
    await new Promise((r) => setTimeout(r, 50));
    return request.room === '/no' ? false : undefined;
  };
  assert.deepEqual(await upgrade(port, '/throw'), {
    status: 500,
    body: 'the server could not decide\n',
  });
  assert.deepEqual(await upgrade(port, '/throw'), {
    status: 500,
    body: 'the server could not decide\n',
  });
  assert.deepEqual(await upgrade(port, '/hang'), {
    status: 503,
    body: 'the server did not decide in time\n',
  });
  assert.deepEqual(await upgrade(port, '/no'), { status: 403, body: 'refused by the server\n' });
  const client = await joinRoom(server, url('/yes'));
  assert.equal(server.getRoom('/yes')?.getPeers()[0], client.getUniqueId());
  // Two throws, one line: repeats of a hook's problem are counted, not logged each time.
  assert.equal(
    log.lines.filter((l) => l.includes('onConnect failed: boom')).length,
    1,
    log.lines.join('\n'),
  );
  assert.equal(server.hookErrors.counts.get('onConnect'), 3);
  client.close();
  await pollFor(20, pumpAll(server, [client]));
});
