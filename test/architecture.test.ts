// The import rule of docs/ARCHITECTURE.md, checked for every file under src/: imports only go
// downward (or sideways inside a layer). The layers, from the bottom:
//   shared < protocol < core < net < websocket < server < (entries: src/index*.ts) < cli
// Type-only imports count too: a layer must not even name what sits above it. The three lowest
// layers use no Node module and no package; src/ never imports from test/, bench/ or examples/.
// A new folder under src/ fails here until it is given its place in LAYERS.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { allImports, runtimeImports } from './helpers/import-graph.js';

const root = join(import.meta.dirname, '..', '..');
const src = join(root, 'src');

/** Bottom first. A top-level file of src/ not listed in TOP_FILES is an error. */
const LAYERS = ['shared', 'protocol', 'core', 'net', 'websocket', 'server', 'entry', 'cli'];
const TOP_FILES: Record<string, string> = {
  'version.ts': 'shared',
  'index.ts': 'entry',
  'index.browser.ts': 'entry',
};
/** Layers whose files may import nothing but relative paths (no node:*, no packages). */
const PORTABLE = new Set(['shared', 'protocol', 'core']);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** The layer of a path under src/, or undefined for a path outside src/ or an unplaced one. */
function layerOf(path: string): string | undefined {
  const rel = relative(src, path);
  if (rel.startsWith('..')) return undefined;
  const [first] = rel.split(sep);
  if (first === undefined) return undefined;
  if (first === rel) return TOP_FILES[first];
  return LAYERS.includes(first) ? first : undefined;
}

/** Every import that breaks the rule, as "file → specifier (why)". */
export function violations(
  files: readonly string[],
  read = (f: string) => readFileSync(f, 'utf8'),
) {
  const found: string[] = [];
  for (const file of files) {
    const layer = layerOf(file);
    const name = relative(root, file);
    if (layer === undefined) {
      found.push(`${name}: not in a known layer (add its folder to LAYERS)`);
      continue;
    }
    for (const specifier of allImports(read(file))) {
      if (!specifier.startsWith('.')) {
        if (PORTABLE.has(layer)) found.push(`${name} → ${specifier} (${layer} is portable)`);
        continue;
      }
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
      const targetLayer = layerOf(target);
      if (targetLayer === undefined) found.push(`${name} → ${specifier} (outside src/ layers)`);
      else if (LAYERS.indexOf(targetLayer) > LAYERS.indexOf(layer)) {
        found.push(`${name} → ${specifier} (${layer} imports ${targetLayer}, which is above it)`);
      }
    }
  }
  return found;
}

test('the scanners see imports, re-exports, side-effect and dynamic imports; type-only ones only for the layer rule', () => {
  const text = [
    "import { a } from './a.js';",
    "import type { B } from './b.js';",
    "export { c, type C } from './c.js';",
    "export type { D } from './d.js';",
    "import './e.js';",
    'import {\n  f,\n  g,\n} from "node:fs";',
    "const h = await import('./h.js');",
    " * `import { X } from 'in-a-comment'`",
    "export const NAME = 'not-an-import';",
  ].join('\n');
  assert.deepEqual(runtimeImports(text), ['./a.js', './c.js', './e.js', 'node:fs', './h.js']);
  assert.deepEqual(allImports(text), [
    './a.js',
    './b.js',
    './c.js',
    './d.js',
    './e.js',
    'node:fs',
    './h.js',
  ]);
});

test('the rule catches upward, outside, unplaced and non-portable imports', () => {
  const files: Record<string, string> = {
    [join(src, 'protocol', 'x.ts')]: "import { Error } from '../core/error.js';",
    [join(src, 'core', 'y.ts')]: "import type { Z } from '../server/room.js';",
    [join(src, 'net', 'z.ts')]: "import { h } from '../../test/helpers/log.js';",
    [join(src, 'shared', 'w.ts')]: "import { x } from 'node:fs';",
    [join(src, 'gadgets', 'v.ts')]: '',
    [join(src, 'websocket', 'ok.ts')]: "import { R } from '../shared/ring.js';\nimport 'node:net';",
    [join(src, 'cli', 'ok.ts')]:
      "import { S } from '../server/s.js';\nimport { V } from '../index.js';",
  };
  const found = violations(Object.keys(files), (f) => files[f]!);
  assert.equal(found.length, 5, found.join('\n'));
  assert.match(found[0]!, /protocol imports core/);
  assert.match(found[1]!, /core imports server/);
  assert.match(found[2]!, /outside src/);
  assert.match(found[3]!, /shared is portable/);
  assert.match(found[4]!, /gadgets.*not in a known layer/);
});

test('every file under src/ imports only its own layer or the layers below it', () => {
  const files = sourceFiles(src);
  assert.ok(files.length > 100, `${files.length} files`);
  for (const layer of ['shared', 'protocol', 'core', 'net', 'websocket', 'cli']) {
    assert.ok(
      files.some((f) => layerOf(f) === layer),
      `${layer} has files`,
    );
  }
  assert.deepEqual(violations(files), []);
});
