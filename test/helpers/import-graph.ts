import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** One runtime import found while walking: the importing file and the specifier as written. */
export interface ImportEdge {
  from: string;
  specifier: string;
}

// `import … from '…'`, `export … from '…'`, `import '…'` (type-only statements are skipped below).
const STATIC = /(?:^|[\s;])(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a source or compiled file loads at run time. */
export function runtimeImports(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(STATIC)) {
    if (match[2] === undefined && match[3] !== undefined) found.push(match[3]);
  }
  for (const match of text.matchAll(DYNAMIC)) if (match[1] !== undefined) found.push(match[1]);
  return found;
}

// Statements at the start of a line (doc comments never start with `import`), type-only ones too.
const STATEMENT =
  /^(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm;

/** Every module specifier a source file names: static, type-only, side-effect and dynamic. */
export function allImports(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(STATEMENT)) found.push((match[1] ?? match[2])!);
  for (const match of text.matchAll(DYNAMIC)) if (match[1] !== undefined) found.push(match[1]);
  return found;
}

/**
 * Every runtime import reachable from `entry`, following relative specifiers; `.js` specifiers
 * are read as `.ts` when `sourceExt` is '.ts' (walking src/ instead of compiled output).
 */
export function walkImports(entry: string, sourceExt: '.js' | '.ts' = '.js'): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const seen = new Set<string>();
  const pending = [resolve(entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of runtimeImports(readFileSync(file, 'utf8'))) {
      edges.push({ from: file, specifier });
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier);
      pending.push(sourceExt === '.ts' ? target.replace(/\.js$/, '.ts') : target);
    }
  }
  return edges;
}
