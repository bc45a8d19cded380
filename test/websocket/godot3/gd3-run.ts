import assert from 'node:assert/strict';
// Shared plumbing for the Godot 3 real-engine tests: engine runs with our scripts, a free port,
// and a background poll loop for the Node side.
import { createServer } from 'node:net';
import { type Godot3Process, startGodot3 } from '../../helpers/godot3.js';
import { HARNESS, PROJECT } from './gd3-scripts.js';

/** Starts Godot 3 on `main` (plus the harness node and a project file), with a deadline. */
export function startScript(main: string, deadlineMs = 15_000): Godot3Process {
  return startGodot3({
    files: { 'main.gd': main, 'harness.gd': HARNESS, 'project.godot': PROJECT },
    deadlineMs,
  });
}

/** A TCP port that was free a moment ago (for a Godot server, which cannot listen on 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Calls `poll` every 2 ms until the returned function is called. */
export function pollInBackground(poll: () => void): () => void {
  const timer = setInterval(poll, 2);
  return () => clearInterval(timer);
}

/** The number printed after `prefix` on the first line that starts with it. */
export function numberAfter(lines: string[], prefix: string): number {
  const line = lines.find((l) => l.startsWith(prefix));
  return line === undefined ? Number.NaN : Number(line.slice(prefix.length).split(' ')[0]);
}

/**
 * Asserts that each game (an `mpClientScript` run) met only the server and its mate
 * (`PEER` lines) and heard `HELLO` / `SHOUT` from nobody else.
 */
export function assertOnlyMates(
  games: Record<string, { lines: string[] }>,
  mates: readonly (readonly [name: string, mate: number])[],
): void {
  for (const [name, mate] of mates) {
    const lines = games[name]?.lines ?? [];
    const seen = lines.filter((l) => l.startsWith('PEER ')).map((l) => Number(l.slice(5)));
    assert.deepEqual(seen.sort(), [1, mate].sort(), `${name}: ${lines.join('\n')}`);
    assert.ok(!lines.some((l) => /^(HELLO|SHOUT) /.test(l) && !l.includes(` ${mate} `)));
  }
}
