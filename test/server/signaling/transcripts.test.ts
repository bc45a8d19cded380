// Emulated Godot 4 and Godot 3 signaling clients (written from the demo's protocol) against our
// SignalingServer: every message type, mesh and client/server lobbies, seal, a peer and the
// host leaving, the join timeout, malformed frames. Each client's whole transcript must match.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type RunningSignaling, startSignaling } from './drive.js';
import { EXPECTED } from './expected-transcripts.js';
import { GODOT3_SCENARIOS, GODOT4_SCENARIOS } from './scenarios.js';

// Timeouts long enough for a loaded machine, except where the timeout is what is tested.
const options = { joinTimeoutMs: 10_000, sealCloseMs: 3000 };
const quick = { joinTimeoutMs: 300, sealCloseMs: 3000 };
let auto: RunningSignaling;
let autoQuick: RunningSignaling;

before(async () => {
  auto = await startSignaling(options); // protocol 'auto': both versions on one server
  autoQuick = await startSignaling(quick);
});
after(() => {
  auto.stop();
  autoQuick.stop();
});

for (const [set, scenarios] of [
  ['godot4', GODOT4_SCENARIOS],
  ['godot3', GODOT3_SCENARIOS],
] as const) {
  for (const [name, script] of Object.entries(scenarios)) {
    test(`${set}/${name}: every client's transcript`, async () => {
      const transcript =
        name === 'timeout' ? await script(autoQuick.url, quick) : await script(auto.url, options);
      assert.deepEqual(transcript, EXPECTED[`${set}/${name}`]);
    });
  }
}

test('a server fixed to one version reads the other as malformed', async () => {
  const only4 = await startSignaling({ ...options, protocol: 'godot4' });
  const only3 = await startSignaling({ ...options, protocol: 'godot3' });
  try {
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
