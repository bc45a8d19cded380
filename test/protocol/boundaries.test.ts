// The protocol core stays portable: no node:* imports, no Buffer, no timers, no sockets, and
// imports only from inside src/protocol and from src/shared (the layer below: Godot's Error numbers,
// which the URL results are expressed in, and the Ring). test/architecture.test.ts checks the
// import direction of every layer; this file adds what protocol alone must not use.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const dir = join(import.meta.dirname, '..', '..', '..', 'src', 'protocol');

test('src/protocol imports nothing outside itself and uses no Node-only or timer APIs', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 10);
  for (const file of files) {
    const source = readFileSync(join(dir, file), 'utf8');
    const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const m of code.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'/g)) {
      const target = m[1] ?? m[2] ?? '';
      assert.match(
        target,
        /^(\.\/[a-z0-9-]+|\.\.\/shared\/[a-z-]+)\.js$/,
        `${file} imports ${target}`,
      );
    }
    for (const banned of [
      /\bBuffer\b/,
      /\bsetTimeout\b/,
      /\bsetInterval\b/,
      /\bprocess\./,
      /\brequire\(/,
    ]) {
      assert.doesNotMatch(code, banned, `${file} uses ${banned}`);
    }
  }
});
