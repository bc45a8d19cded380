// `godot-ws serve` against crowds and hostile clients (issue 18), seen from outside.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { startServe } from '../helpers/cli.js';
import { rawClient } from '../helpers/raw-ws-client.js';

const CROWD = 400;

// (godot3 mode never logged here; its linear leave is tested in hostile-mass-leave.test.ts.)
for (const mode of ['godot4']) {
  test(`${mode}: SIGTERM with ${CROWD} clients exits 0 with no error line per pair of peers`, async (t) => {
    const { cli, port } = await startServe(['--mode', mode], 60_000);
    const clients: Socket[] = [];
    try {
      for (let i = 0; i < CROWD; i++) clients.push(rawClient(port));
      const connected = () => (cli.stdout().match(/ connected from /g) ?? []).length;
      for (let waited = 0; connected() < CROWD; waited += 50) {
        assert.ok(waited < 40_000, `only ${connected()} of ${CROWD} clients joined`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const started = Date.now();
      cli.signal('SIGTERM');
      const result = await cli.exited;
      t.diagnostic(
        `exit after ${Date.now() - started} ms; ${result.stderr.split('\n').length - 1} stderr lines`,
      );
      assert.equal(result.code, 0, result.stderr.slice(0, 2000));
      const errors = result.stderr.split('\n').filter((line) => line !== '');
      assert.ok(errors.length <= 5, `${errors.length} stderr lines, e.g. ${errors[0]}`);
    } finally {
      for (const socket of clients) socket.destroy();
      cli.kill();
    }
  });
}
