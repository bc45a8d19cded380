// Issue 21: real Godot 4.6 games (the Web template in headless Chromium) meet through OUR
// signaling server with WebRTCMultiplayerPeer: lobby, ids, offers / answers / ICE candidates
// relayed (host candidates only, no STUN), rpc() over the data channels, the host seals the
// lobby, the server closes every signaling socket (1000 "Seal complete"), and rpc() keeps
// flowing peer to peer afterwards.
//
// The same game also runs with the demo's own client scripts (multiplayer_client.gd +
// ws_webrtc_client.gd from godot-demo-projects, not in this repository) when
// GODOT_DEMO_SIGNALING_CLIENT names their folder: that is "the demo's client, only the URL
// changed" (docs/signaling.md says how it went).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '../../helpers/browser-test.js';
import { WEBRTC_LOCAL_FLAGS } from '../../helpers/godot4/chromium.js';
import { type Godot4Instance, loadScenario, startGodot4 } from '../../helpers/godot4/engine.js';
import { pollUntil } from '../../helpers/poll.js';
import { startSignaling, startSignalingOnHttp } from '../../server/signaling/drive.js';

const DEMO_DIR = process.env.GODOT_DEMO_SIGNALING_CLIENT;
const browserFlags = WEBRTC_LOCAL_FLAGS;

async function playThree(
  t: { after(fn: () => unknown): void },
  client: string,
  extraFiles: Record<string, string> = {},
  mesh = true,
  onHttpPath = false,
) {
  const options = { sealCloseMs: 1500 };
  const s = onHttpPath ? await startSignalingOnHttp(options) : await startSignaling(options);
  t.after(() => s.stop());
  const scenario = loadScenario('webrtc-signaling');
  const vars = (lobby: string) => ({
    URL: s.url,
    LOBBY: lobby,
    MESH: String(mesh),
    OTHERS: '2',
    CLIENT: client,
  });
  const games: Godot4Instance[] = [];
  t.after(() => Promise.all(games.map((g) => g.kill())));
  const host = await startGodot4(scenario, { vars: vars(''), extraFiles, browserFlags });
  games.push(host);
  const lobby = (await host.waitForLine(/^lobby [A-Za-z0-9]{16}$/, 30_000)).slice('lobby '.length);
  await host.waitForLine(`id 1 mesh ${mesh}`, 5000);
  const joiners = await Promise.all(
    [0, 1].map(() => startGodot4(scenario, { vars: vars(lobby), extraFiles, browserFlags })),
  );
  games.push(...joiners);
  const ids = [1];
  for (const j of joiners) {
    const line = await j.waitForLine(new RegExp(`^id \\d+ mesh ${mesh}$`), 30_000);
    ids.push(Number(line.split(' ')[1]));
  }
  assert.equal(new Set(ids).size, 3);
  assert.deepEqual(s.server.getLobbyPeers(lobby).sort(), [...ids].sort());
  for (const [i, game] of games.entries()) {
    for (const other of ids.filter((_, k) => k !== i)) {
      await game.waitForLine(`rtc peer ${other}`, 30_000);
      await game.waitForLine(new RegExp(`^hello from ${other}: hi from ${other}$`), 30_000);
    }
  }
  await host.waitForLine('seal 0', 5000);
  for (const game of games) {
    await game.waitForLine('sealed', 10_000);
    await game.waitForLine('signaling closed 1000 Seal complete', 10_000);
  }
  // Every signaling socket is gone from the server; the games still talk.
  await pollUntil('the signaling sockets to be gone', () => s.server.getPeers().length === 0, 5000);
  for (const [i, game] of games.entries()) {
    for (const other of ids.filter((_, k) => k !== i)) {
      await game.waitForLine(
        new RegExp(`^after from ${other}: still here \\(signaling closed\\)$`),
        10_000,
      );
    }
  }
  const c = s.server.getCounters();
  assert.equal(c.lobbiesCreated, 1);
  assert.equal(c.lobbiesSealed, 1);
  assert.equal(c.lobbiesClosed, 1);
  assert.equal(c.malformed, 0);
  // 3 offers and 3 answers (one per pair), and candidates.
  assert.ok(c.messagesRelayed >= 6 + 3, `relayed ${c.messagesRelayed}`);
  for (const game of games) assert.deepEqual(game.result().errors, []);
  return c;
}

test('three Godot 4.6 games join a lobby through our server and play rpc() over WebRTC, before and after signaling closes', async (t) => {
  await playThree(t, 'res://client/signaling_client.gd');
});

test('client/server lobby, signaling on the /signal path of an http.Server: the host is the server (create_server), the clients reach each other through it, also after signaling closes', async (t) => {
  await playThree(t, 'res://client/signaling_client.gd', {}, false, true);
});

test('the same with the demo client scripts, unchanged', {
  skip: !DEMO_DIR && 'GODOT_DEMO_SIGNALING_CLIENT not set',
}, async (t) => {
  const dir = DEMO_DIR ?? '';
  const extraFiles = {
    'demo/ws_webrtc_client.gd': readFileSync(join(dir, 'ws_webrtc_client.gd'), 'utf8'),
    'demo/multiplayer_client.gd': readFileSync(join(dir, 'multiplayer_client.gd'), 'utf8'),
  };
  await playThree(t, 'res://demo/multiplayer_client.gd', extraFiles);
});
