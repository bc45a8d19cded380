// Helper process for the watchdog test: starts a never-ending instance, prints its browser PID
// and directory, then waits to be killed (by SIGKILL, so none of its own cleanup runs).
import { loadScenario, startGodot4 } from './engine.js';

const g = await startGodot4(loadScenario('hang'));
await g.waitForLine('waiting forever', 30_000);
process.stdout.write(`${JSON.stringify({ pid: g.pid, dir: g.browserDir })}\n`);
setInterval(() => {}, 60_000);
