// Rewrites test/fixtures/godot4-variants.json and godot4-hostile-variants.json from the real
// engine. Run:
//   npm run build:test && node build/test/interop/godot4/capture-variants.js
import { writeFileSync } from 'node:fs';
import { GODOT4_VARIANTS_FIXTURE } from '../../helpers/godot4/variant-fixture.js';
import { captureHostileVerdicts, HOSTILE_FIXTURE } from './hostile-variants.js';
import { captureVariants } from './variant-capture.js';

const fixture = await captureVariants();
writeFileSync(GODOT4_VARIANTS_FIXTURE, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(`wrote ${Object.keys(fixture.variants).length} values to ${GODOT4_VARIANTS_FIXTURE}`);

const hostile = await captureHostileVerdicts();
writeFileSync(HOSTILE_FIXTURE, `${JSON.stringify(hostile, null, 2)}\n`);
console.log(`wrote ${Object.keys(hostile.cases).length} verdicts to ${HOSTILE_FIXTURE}`);
