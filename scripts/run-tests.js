#!/usr/bin/env node
// Runs Node's test runner over the compiled tests with an explicit file list.
// (On Node 20 `node --test DIR` takes a path, on 21+ a glob: an explicit list works on both.)
// Usage: node scripts/run-tests.js [--unit] [substring ...]  — only files whose path contains one
// of the substrings; --unit leaves out what drives real engines, browsers and other processes
// (`npm run test:unit`, about a minute): Godot 3 and Godot 4 interop, browser tests, the CLI's
// process tests, the packed-tarball consumer.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', 'build', 'test');

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const unit = args.includes('--unit');
const filters = args.filter((a) => a !== '--unit');
/** Files that start engines, browsers or CLI processes (left out by --unit). */
const SLOW =
  /^(interop\/|cli\/|examples\/)|\.web\.test\.js$|godot3\/(engine-|close-wire|tls|listen-taken)|godot3-engine|-engine\.test|-chromium\.test|-soak\.test|helpers\/chromium|package-consumer|serve-/;
const files = collect(root).filter((f) => {
  const rel = relative(root, f);
  if (unit && SLOW.test(rel)) return false;
  return filters.length === 0 || filters.some((s) => rel.includes(s));
});
if (files.length === 0) {
  console.error(`no test files found under ${root}`);
  process.exit(1);
}
// Soaks (files named *-soak.test.js) load both cores for a minute: they run after the rest,
// alone, so the real-engine tests beside them are not starved.
const isSoak = (f) => f.endsWith('-soak.test.js');
const run = (list, concurrency) =>
  list.length === 0
    ? 0
    : (spawnSync(
        process.execPath,
        ['--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...list],
        { stdio: 'inherit' },
      ).status ?? 1);
const first = run(
  files.filter((f) => !isSoak(f)),
  2,
);
const soaks = run(files.filter(isSoak), 1);
process.exit(first !== 0 ? first : soaks);
