#!/usr/bin/env node
// `npm run build`: everything a consumer of the package gets, from a clean dist/.
//   1. tsc -p tsconfig.build.json  → dist/ (JavaScript with inline-source maps, declarations)
//   2. dist/cli/main.js made executable again (tsc writes files 0644; `npx godot-ws` runs the
//      file itself, so without the bit it answers "Permission denied")
//   3. scripts/api-docs.js → dist/api/*.md, the API reference from the doc comments
//   4. scripts/build-browser.js → dist/browser/godot-websocket.js, which prints the bundle's sizes
import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

rmSync(dist, { recursive: true, force: true });
const typescript = createRequire(join(root, 'package.json')).resolve('typescript/package.json');
const tsc = join(typescript, '..', 'bin', 'tsc');
run([tsc, '-p', 'tsconfig.build.json']);

const bin = join(dist, 'cli', 'main.js');
chmodSync(bin, statSync(bin).mode | 0o111);

run([join(root, 'scripts', 'api-docs.js')]);
run([join(root, 'scripts', 'build-browser.js')]);
