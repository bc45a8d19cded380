// Prints our server's transcripts for every scenario (to review them, or to compare by hand).
import { startSignaling } from './drive.js';
import { GODOT3_SCENARIOS, GODOT4_SCENARIOS } from './scenarios.js';

const o = { joinTimeoutMs: 300, sealCloseMs: 300 };
const s = await startSignaling(o);
try {
  for (const [set, scenarios] of [
    ['godot4', GODOT4_SCENARIOS],
    ['godot3', GODOT3_SCENARIOS],
  ] as const) {
    for (const [name, script] of Object.entries(scenarios)) {
      if (process.argv[2] && !`${set}/${name}`.includes(process.argv[2])) continue;
      console.log(`== ${set}/${name}`);
      console.log(JSON.stringify(await script(s.url, o), null, 1));
    }
  }
} finally {
  s.stop();
}
