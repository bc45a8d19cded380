import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { VERSION } from '../src/version.js';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('VERSION matches package.json', () => {
  assert.equal(VERSION, pkg.version);
});

/** Node's PACKAGE_EXPORTS_RESOLVE for one subpath: the first key (in order) that is a condition. */
function resolveExport(subpath: string, conditions: readonly string[]): string | undefined {
  let target: unknown = pkg.exports[subpath];
  while (target !== null && typeof target === 'object') {
    const key = Object.keys(target).find((k) => k === 'default' || conditions.includes(k));
    if (key === undefined) return undefined;
    target = (target as Record<string, unknown>)[key];
  }
  return typeof target === 'string' ? target : undefined;
}

test('the package is ESM with Node >= 20, a bin, and no runtime dependencies', () => {
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.engines.node, '>=20');
  assert.equal(pkg.bin['godot-ws'], 'dist/cli/main.js');
  assert.equal(Object.keys(pkg.dependencies ?? {}).length, 0, 'no runtime dependencies');
});

test('each entry resolves to the build and the declarations of its condition', () => {
  const node = ['node', 'import'];
  const nodeTypes = ['types', 'node', 'import'];
  const browser = ['browser', 'import'];
  const browserTypes = ['types', 'browser', 'import'];
  const bundlerTypes = ['types', 'import']; // TypeScript's "bundler" resolution, no condition added
  const cases: [string, readonly string[], string][] = [
    ['.', node, './dist/index.js'],
    ['.', nodeTypes, './dist/index.d.ts'],
    ['.', ['require', 'node'], './dist/index.js'],
    ['.', browser, './dist/index.browser.js'],
    ['.', browserTypes, './dist/index.browser.d.ts'],
    ['.', bundlerTypes, './dist/index.d.ts'],
    ['./browser', browser, './dist/browser/godot-websocket.js'],
    ['./browser', browserTypes, './dist/index.browser.d.ts'],
    ['./browser', nodeTypes, './dist/index.browser.d.ts'],
    ['./godot3', node, './dist/websocket/godot3/index.js'],
    ['./godot3', nodeTypes, './dist/websocket/godot3/index.d.ts'],
    ['./protocol', browser, './dist/protocol/index.js'],
    ['./protocol', browserTypes, './dist/protocol/index.d.ts'],
  ];
  for (const [subpath, conditions, expected] of cases) {
    const found = resolveExport(subpath, conditions);
    assert.equal(found, expected, `${subpath} with [${conditions.join(', ')}]`);
    assert.ok(existsSync(join(root, found)), `${found} is built`);
  }
  assert.equal(resolveExport('./dist/index.js', node), undefined, 'no deep imports');
});

test('godot-ws --version and --help run as a process', () => {
  const cli = join(root, 'dist', 'cli', 'main.js');
  const version = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
  assert.equal(version.status, 0);
  assert.equal(version.stdout.trim(), pkg.version);
  const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage:/);
  const bad = spawnSync(process.execPath, [cli, '--nope'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});
