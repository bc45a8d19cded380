// Emulated Godot 4 and Godot 3 signaling clients (written from the demo's protocol) against our
// SignalingServer: every message type, mesh and client/server lobbies, seal, a peer and the
// host leaving, the join timeout, malformed frames. Each client's whole transcript must match.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type RunningSignaling, startSignaling } from './drive.js';
import { EXPECTED } from './expected-transcripts.js';
import { GODOT3_SCENARIOS, GODOT4_SCENARIOS } from './scenarios.js';

const options = { joinTimeoutMs: 300, sealCloseMs: 300 };
let auto: RunningSignaling;

before(async () => {
  auto = await startSignaling(options); // protocol 'auto': both versions on one server
});
after(() => auto.stop());

for (const [set, scenarios] of [
  ['godot4', GODOT4_SCENARIOS],
  ['godot3', GODOT3_SCENARIOS],
] as const) {
  for (const [name, script] of Object.entries(scenarios)) {
    test(`${set}/${name}: every client's transcript`, async () => {
      const transcript = await script(auto.url, options);
      assert.deepEqual(transcript, EXPECTED[`${set}/${name}`]);
    });
  }
}

test('a server fixed to one version reads the other as malformed', async () => {
  const only4 = await startSignaling({ ...options, protocol: 'godot4' });
  const only3 = await startSignaling({ ...options, protocol: 'godot3' });
  try {
    const t4 = await GODOT3_SCENARIOS.timeout!(only4.url, options); // idle: same for both
    assert.deepEqual(t4, EXPECTED['godot3/timeout']);
    const { EmulatedClient, g4 } = await import('./emulated-client.js');
    const a = await EmulatedClient.connect('a', only4.url);
    a.send('J: \n');
    assert.ok(await a.waitClosed());
    assert.deepEqual(a.closed, { code: 4000, reason: 'Invalid message format' });
    const b = await EmulatedClient.connect('b', only3.url);
    b.send(g4(0, 0, ''));
    assert.ok(await b.waitClosed());
    // '{"data":"","id":0,"type":0}' has no newline
    assert.deepEqual(b.closed, { code: 4000, reason: 'Invalid message format' });
  } finally {
    only4.stop();
    only3.stop();
  }
});
