// Every "docs/<file>.md §N" the code and tests cite names a docs file that has that section, so a
// renumbered or renamed section fails here instead of leaving references that lead nowhere.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const REFERENCE = /docs\/([\w-]+\.md) (§[\d.]*\d(?:(?:, ?|–)§?[\d.]*\d)*)/g;

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.(ts|md|gd|js)$/.test(name)) out.push(path);
  }
  return out;
}

/** The section numbers of a Markdown file: "## 3. …" → 3, "### 3.4 …" → 3.4. */
function sections(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(/^#{2,4} (\d+(?:\.\d+)*)[.\s]/gm)) found.add(m[1]!);
  return found;
}

/** Every cited (file, section) in `text`. */
export function citations(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of text.matchAll(REFERENCE)) {
    for (const n of m[2]!.matchAll(/[\d.]*\d/g)) out.push([m[1]!, n[0]]);
  }
  return out;
}

test('citations are read with their lists and ranges', () => {
  assert.deepEqual(citations('(docs/a.md §1.7–§1.10, docs/b.md §3.1, §3.2; docs/c.md §4)'), [
    ['a.md', '1.7'],
    ['a.md', '1.10'],
    ['b.md', '3.1'],
    ['b.md', '3.2'],
    ['c.md', '4'],
  ]);
});

test('every docs/… § reference in src, test, bench, examples and docs names an existing section', () => {
  const docs = join(root, 'docs');
  const bad: string[] = [];
  let count = 0;
  const sources = ['src', 'test', 'bench', 'examples', 'docs']
    .flatMap((d) => files(join(root, d)))
    .filter((f) => !f.endsWith(join('test', 'docs.test.ts'))); // its own examples above
  for (const file of [...sources, join(root, 'README.md')]) {
    for (const [doc, section] of citations(readFileSync(file, 'utf8'))) {
      count++;
      const path = join(docs, doc);
      if (!existsSync(path)) bad.push(`${relative(root, file)}: docs/${doc} does not exist`);
      else if (!sections(readFileSync(path, 'utf8')).has(section)) {
        bad.push(`${relative(root, file)}: docs/${doc} has no §${section}`);
      }
    }
  }
  assert.ok(count > 50, `${count} references`);
  assert.deepEqual(bad, []);
});
