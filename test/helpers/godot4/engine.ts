// Entry point for tests that run our own GDScript in the real Godot 4.6 Web engine.
//
//   const result = await runGodot4(loadScenario('smoke'), { vars: { URL: url } });
//   expectLines(result.lines, ['hello', 'done']);
//
//   const g = startGodot4(loadScenario('client'), { vars: { URL: url } });
//   t.after(() => g.kill());
//   await g.waitForLine(/^CONNECTED/, 20_000);
//
// All instances of one test file share one HTTP server (started on first use, unref'd so it
// does not keep the process alive). Each instance runs in its own headless Chromium process
// group, ended by PID by `kill()`, by `runGodot4` when it finishes or fails, and, as a last
// resort, when the test process exits.
import { Godot4Host, type RunOptions, type StartOptions } from './host.js';
import type { Godot4Instance, Godot4Result } from './instance.js';
import type { Godot4Scenario } from './scenario.js';

export { liveChromiumCount } from './chromium.js';
export { expectLines } from './expect-lines.js';
export { Godot4Host, type RunOptions, type StartOptions } from './host.js';
export { Godot4Instance, type Godot4Result } from './instance.js';
export {
  type Godot4Scenario,
  loadScenario,
  loadScenarioDir,
  scenarioFromScript,
} from './scenario.js';

let shared: Promise<Godot4Host> | null = null;

/** The host shared by this test file's instances. */
export function sharedGodot4Host(): Promise<Godot4Host> {
  shared ??= Godot4Host.start().then((host) => host.unref());
  return shared;
}

/** Starts one engine instance running `scenario`; end it with `kill()` (e.g. in `t.after`). */
export async function startGodot4(
  scenario: Godot4Scenario,
  options: StartOptions = {},
): Promise<Godot4Instance> {
  return (await sharedGodot4Host()).startGodot4(scenario, options);
}

/**
 * Runs `scenario` until the engine quits (default deadline 30 s) and returns its output and
 * exit code; the browser is always ended. Rejects with the lines seen so far on a hang.
 */
export async function runGodot4(
  scenario: Godot4Scenario,
  options: RunOptions = {},
): Promise<Godot4Result> {
  return (await sharedGodot4Host()).runGodot4(scenario, options);
}
