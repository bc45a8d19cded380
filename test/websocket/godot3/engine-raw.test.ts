// Raw mode (no gd_mp_api) both ways against the real Godot 3.2.3: text and binary echo up to
// 1 MiB, subprotocol choice, closes started by either side with codes and reasons.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { WebSocketClient } from '../../../src/websocket/godot3/websocket-client.js';
import { WebSocketPeer } from '../../../src/websocket/godot3/websocket-peer.js';
import { WebSocketServer } from '../../../src/websocket/godot3/websocket-server.js';
import { godot3Available } from '../../helpers/godot3.js';
import { pollUntil } from '../../helpers/poll.js';
import { freePort, pollInBackground, startScript } from './gd3-run.js';
import { pattern, RAW_SIZES, rawClientScript, rawServerScript } from './gd3-scripts.js';

const skip = godot3Available() ? false : 'godot3-server is not installed';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Our raw echo server with 4 MiB buffers; records its signals. */
function echoServer() {
  const server = new WebSocketServer();
  assert.equal(server.setBuffers(4096, 1024, 4096, 1024), Error.OK);
  const events: string[] = [];
  server.clientConnected.connect((id, protocol) => events.push(`connected ${id} ${protocol}`));
  server.clientDisconnected.connect((id, clean) => events.push(`disconnected ${id} ${clean}`));
  server.clientCloseRequest.connect((id, code, reason) =>
    events.push(`close_request ${id} ${code} [${reason}]`),
  );
  server.dataReceived.connect((id) => {
    const peer = server.getPeer(id)!;
    const packet = peer.getPacket();
    peer.setWriteMode(
      peer.wasStringPacket() ? WebSocketPeer.WRITE_MODE_TEXT : WebSocketPeer.WRITE_MODE_BINARY,
    );
    assert.equal(peer.putPacket(packet), Error.OK);
  });
  assert.equal(server.listen(0, ['bar']), Error.OK);
  return { server, events, url: `ws://127.0.0.1:${server.getLocalPort()}/echo` };
}

const echoLines = ['ECHO text True héllo', ...RAW_SIZES.map((n) => `ECHO ${n} False True`)];

for (const closer of ['client', 'server'] as const) {
  test(`a Godot 3 client on our server: protocol, echo up to 1 MiB, ${closer}-initiated close`, {
    skip,
    timeout: 30_000,
  }, async () => {
    const { server, events, url } = echoServer();
    const stop = pollInBackground(() => server.poll());
    const godot = startScript(rawClientScript(url, closer === 'client'), 18_000);
    try {
      await godot.waitForLine(/^ESTABLISHED bar$/, 10_000);
      await godot.waitForLine(closer === 'client' ? /^CLOSED/ : /^WAITING$/, 15_000);
      assert.deepEqual(
        godot.lines.filter((l) => l.startsWith('ECHO')),
        echoLines,
      );
      const id = Number(events[0]?.split(' ')[1]);
      assert.equal(events[0], `connected ${id} bar`);
      if (closer === 'client') {
        // Godot sent "bye\0"; we show "bye". Godot started the close: its was_clean is false.
        await pollUntil('the disconnect', () => events.length === 3, 5000);
        assert.deepEqual(events.slice(1), [
          `close_request ${id} 4001 [bye]`,
          `disconnected ${id} true`,
        ]);
        assert.ok(godot.lines.includes('CLOSED False'));
      } else {
        server.disconnectPeer(id, 4002, 'server bye');
        await godot.waitForLine(/^CLOSED/, 5000);
        assert.ok(godot.lines.includes('CLOSE_REQUEST 4002 [server bye]'), godot.lines.join('\n'));
        assert.ok(godot.lines.includes('CLOSED True'));
        await pollUntil('the disconnect', () => events.length === 2, 5000);
        assert.equal(events[1], `disconnected ${id} false`);
      }
      assert.equal((await godot.exited).code, 0);
    } finally {
      stop();
      godot.kill();
      server.stop();
    }
  });
}

test('our client on a Godot 3 server: protocol, echo up to 1 MiB, closes both ways', {
  skip,
  timeout: 30_000,
}, async () => {
  const port = await freePort();
  const godot = startScript(rawServerScript(port), 18_000);
  const client = new WebSocketClient();
  assert.equal(client.setBuffers(4096, 1024, 4096, 1024), Error.OK);
  const events: string[] = [];
  const echoes: { text: boolean; data: Uint8Array }[] = [];
  client.connectionEstablished.connect((p) => events.push(`established ${p}`));
  client.connectionClosed.connect((clean) => events.push(`closed ${clean}`));
  client.connectionError.connect(() => events.push('error'));
  client.serverCloseRequest.connect((code, reason) =>
    events.push(`close_request ${code} [${reason}]`),
  );
  client.dataReceived.connect(() => {
    const peer = client.getPeer(1);
    const data = peer.getPacket();
    echoes.push({ text: peer.wasStringPacket(), data });
  });
  const stop = pollInBackground(() => client.poll());
  try {
    await godot.waitForLine(/^LISTEN 0$/, 10_000);
    const url = `ws://127.0.0.1:${port}/x`;
    assert.equal(client.connectToUrl(url, ['foo', 'bar']), Error.OK);
    await pollUntil('established', () => events.length > 0, 8000);
    assert.deepEqual(events, ['established bar']);
    const peer = client.getPeer(1);
    peer.setWriteMode(WebSocketPeer.WRITE_MODE_TEXT);
    assert.equal(peer.putPacket(encoder.encode('héllo')), Error.OK);
    peer.setWriteMode(WebSocketPeer.WRITE_MODE_BINARY);
    for (const n of RAW_SIZES) assert.equal(peer.putPacket(pattern(n)), Error.OK);
    await pollUntil('the echoes', () => echoes.length === RAW_SIZES.length + 1, 10_000);
    assert.equal(echoes[0]?.text, true);
    assert.equal(decoder.decode(echoes[0]?.data), 'héllo');
    RAW_SIZES.forEach((n, i) => {
      assert.equal(echoes[i + 1]?.text, false);
      assert.deepEqual(echoes[i + 1]?.data, pattern(n), `echo of ${n} bytes`);
    });
    const line = await godot.waitForLine(/^CONNECTED \d+ bar$/, 1000);
    const id = line.split(' ')[1];
    // We close (4001, "bye"): Godot reports "bye" (our trailing NUL), was_clean true there,
    // false here.
    client.disconnectFromHost(4001, 'bye');
    await pollUntil('closed', () => events.length === 2, 5000);
    assert.equal(events[1], 'closed false');
    await godot.waitForLine(new RegExp(`^DISCONNECTED ${id} True$`), 5000);
    assert.ok(godot.lines.includes(`CLOSE_REQUEST ${id} 4001 [bye]`), godot.lines.join('\n'));

    // Again; this time the Godot server closes (4002, "server bye\0" on the wire).
    events.length = 0;
    assert.equal(client.connectToUrl(url, ['bar']), Error.OK);
    await pollUntil('established', () => events.length > 0, 8000);
    const connected = () => godot.lines.filter((l) => /^CONNECTED \d+ bar$/.test(l));
    await pollUntil('the second CONNECTED line', () => connected().length === 2, 5000);
    const second = connected()[1]!.split(' ')[1];
    client.getPeer(1).setWriteMode(WebSocketPeer.WRITE_MODE_TEXT);
    assert.equal(client.getPeer(1).putPacket(encoder.encode('kick')), Error.OK);
    await pollUntil('closed', () => events.length === 3, 5000);
    assert.deepEqual(events, ['established bar', 'close_request 4002 [server bye]', 'closed true']);
    await godot.waitForLine(new RegExp(`^DISCONNECTED ${second} False$`), 5000);
  } finally {
    stop();
    client.disconnectFromHost();
    godot.kill();
  }
});
