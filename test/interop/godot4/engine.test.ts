// The Godot 4.6 Web engine harness itself: our own GDScript runs in headless Chromium, its output
// and exit code come back exactly, several instances run side by side, and a hang fails in time
// with what was printed, leaving no browser process behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test } from '../../helpers/browser-test.js';
import { liveGroupMembers, liveProcesses } from '../../helpers/godot4/chromium.js';
import {
  expectLines,
  liveChromiumCount,
  loadScenario,
  runGodot4,
  scenarioFromScript,
  startGodot4,
} from '../../helpers/godot4/engine.js';

/** True while a live process of the browser group `pid` exists. */
function groupAlive(pid: number | undefined): boolean {
  return pid !== undefined && liveGroupMembers(pid).length > 0;
}

const smokeLines = (greeting: string) => [
  'hello from godot 4.6-stable (official)',
  `greeting=${greeting} ${greeting.toUpperCase()}!`,
  '3 [1, "two"] { "k": true }',
];

test('a scenario prints exact lines, one stderr line and quits with its code', async (t) => {
  const begin = performance.now();
  const result = await runGodot4(loadScenario('smoke'), { vars: { GREETING: 'hi' } });
  expectLines(result.lines, smokeLines('hi'));
  assert.deepEqual(result.errors, ['to stderr']);
  assert.equal(result.exitCode, 7);
  assert.deepEqual(result.pageErrors, []);
  assert.match(result.banner.join('\n'), /^Build configuration: Emscripten/);
  t.diagnostic(
    `start-up to first line ${result.startupMs} ms; whole run ${Math.round(performance.now() - begin)} ms`,
  );
  assert.equal(liveChromiumCount(), 0);
});

test('expectLines reports a missing line as a failure', async () => {
  const result = await runGodot4(loadScenario('smoke'), { vars: { GREETING: 'x' } });
  expectLines(result.lines, smokeLines('x'));
  assert.throws(
    () => expectLines(result.lines, [...smokeLines('x'), 'a line the engine never printed']),
    (err: Error) =>
      err.name === 'AssertionError' &&
      err.message.includes('line 4 is missing: expected a line the engine never printed'),
  );
  assert.throws(() => expectLines(result.lines, smokeLines('y')), /line 2 differs/);
});

test('three instances run side by side, each with its own values', async (t) => {
  const begin = performance.now();
  const names = ['a', 'b', 'c'];
  const instances = await Promise.all(
    names.map((n) => startGodot4(loadScenario('smoke'), { vars: { GREETING: n } })),
  );
  t.after(() => Promise.all(instances.map((g) => g.kill())));
  const results = await Promise.all(instances.map((g) => g.waitForExit(30_000)));
  results.forEach((r, i) => {
    expectLines(r.lines, smokeLines(names[i]!));
    assert.equal(r.exitCode, 7);
  });
  const pids = instances.map((g) => g.pid);
  assert.equal(new Set(pids).size, 3);
  await Promise.all(instances.map((g) => g.kill()));
  for (const pid of pids) assert.equal(groupAlive(pid), false, `browser group ${pid} survived`);
  t.diagnostic(`three instances: ${Math.round(performance.now() - begin)} ms`);
});

test('a scenario that never quits fails at its deadline with the lines seen so far', async (t) => {
  const g = await startGodot4(loadScenario('hang'));
  t.after(() => g.kill());
  await g.waitForLine('waiting forever', 30_000);
  await assert.rejects(g.waitForExit(1500), (err: Error) => {
    assert.match(err.message, /timed out after 1500 ms waiting for the engine to quit/);
    assert.match(err.message, /stdout \(1 lines\):\n {2}\| waiting forever/);
    return true;
  });
});

test('runGodot4 ends the browser when its deadline passes', async () => {
  const begin = performance.now();
  await assert.rejects(
    runGodot4(loadScenario('hang'), { deadlineMs: 4000 }),
    /timed out after 4000 ms waiting for the engine to quit/,
  );
  assert.ok(performance.now() - begin < 12_000);
  assert.equal(liveChromiumCount(), 0);
});

test('waitForLine returns a line while the engine runs; kill ends its browser group', async (t) => {
  const g = await startGodot4(loadScenario('hang'));
  t.after(() => g.kill());
  assert.equal(await g.waitForLine(/^waiting/, 30_000), 'waiting forever');
  await assert.rejects(g.waitForLine('never', 300), /timed out after 300 ms/);
  await assert.rejects(g.waitForLine('waiting forever', 300, 1), /timed out after 300 ms/);
  assert.equal(groupAlive(g.pid), true);
  await g.kill();
  assert.equal(groupAlive(g.pid), false);
  await assert.rejects(g.waitForExit(1000), /the engine did not quit/);
});

test('a one-script scenario from a string', async () => {
  const result = await runGodot4(
    scenarioFromScript(
      'inline',
      'extends Node\n\nfunc _ready() -> void:\n\tprint("inline {{N}}")\n\tget_tree().quit(3)\n',
    ),
    { vars: { N: '5' } },
  );
  expectLines(result.lines, ['inline 5']);
  assert.deepEqual(result.errors, []);
  assert.equal(result.exitCode, 3);
});

test('an unknown placeholder is refused before any browser starts', async () => {
  await assert.rejects(
    runGodot4(loadScenario('smoke')),
    /placeholder \{\{GREETING\}\} has no value/,
  );
  assert.equal(liveChromiumCount(), 0);
});

test('a browser whose test process was SIGKILLed closes itself (watchdog)', async (t) => {
  const script = fileURLToPath(new URL('../../helpers/godot4/orphan-child.js', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGKILL'));
  const first = await Promise.race([
    createInterface({ input: child.stdout })[Symbol.asyncIterator]().next(),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('child did not report its browser')), 30_000),
    ),
  ]);
  const { pid, dir } = JSON.parse(String(first.value)) as { pid: number; dir: string };
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(groupAlive(pid), true);
  child.kill('SIGKILL');
  const begin = performance.now();
  const strays = () => liveProcesses((p) => p.pgrp === pid || p.cmdline.includes(dir));
  while (strays().length > 0 && performance.now() - begin < 15_000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.deepEqual(strays(), [], 'browser processes outlived their test process');
  t.diagnostic(`orphaned browser gone ${Math.round(performance.now() - begin)} ms after SIGKILL`);
});
