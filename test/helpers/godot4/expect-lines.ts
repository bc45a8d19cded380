// Line-by-line check of engine output against exact expectations.
import { AssertionError } from 'node:assert';

/** One expected line: the exact text, or a pattern the whole line must match. */
export type ExpectedLine = string | RegExp;

function lineMatches(actual: string, expected: ExpectedLine): boolean {
  if (typeof expected === 'string') return actual === expected;
  const m = expected.exec(actual);
  return m !== null && m.index === 0 && m[0].length === actual.length;
}

/**
 * Asserts that `actual` has exactly the `expected` lines, in order: strings must be equal,
 * patterns must match the whole line. A missing, extra or different line fails with a listing
 * that marks the first difference.
 */
export function expectLines(
  actual: readonly string[],
  expected: readonly ExpectedLine[],
  what = 'engine output',
): void {
  const n = Math.max(actual.length, expected.length);
  let first = -1;
  for (let i = 0; i < n; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a === undefined || e === undefined || !lineMatches(a, e)) {
      first = i;
      break;
    }
  }
  if (first === -1) return;
  const a = actual[first];
  const e = expected[first];
  const reason =
    a === undefined
      ? `line ${first + 1} is missing: expected ${String(e)}`
      : e === undefined
        ? `unexpected extra line ${first + 1}: ${JSON.stringify(a)}`
        : `line ${first + 1} differs: expected ${String(e)}, got ${JSON.stringify(a)}`;
  const listing = Array.from({ length: n }, (_, i) => {
    const mark = i === first ? '>' : ' ';
    return `${mark} ${String(i + 1).padStart(3)} expected ${String(expected[i] ?? '(none)')} | got ${
      actual[i] === undefined ? '(none)' : JSON.stringify(actual[i])
    }`;
  });
  throw new AssertionError({
    message: `${what}: ${reason}\n${listing.join('\n')}`,
    actual: [...actual],
    expected: expected.map(String),
    operator: 'expectLines',
  });
}
