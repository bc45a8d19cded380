// Hands Variant bytes to the real Godot 4.6 engine's bytes_to_var and reports its verdicts
// (scenario test/interop/godot4/scenarios/bytes-to-var).
import { runGodot4 } from './engine.js';
import { loadScenario } from './scenario.js';
import { zeroNodePathPadding } from './variant-fixture.js';

/** The engine's verdict on one input. */
export interface BytesToVarVerdict {
  /** Decoding succeeded (bytes_to_var's decoder reported no error). */
  ok: boolean;
  /**
   * When ok: var_to_bytes(value) gave back exactly the input bytes that were used (padding of
   * a top-level NodePath ignored: the engine leaves it uninitialized).
   */
  roundTrip?: boolean;
  /** When ok: var_to_bytes(value) as hex. */
  reencoded?: string;
  /** When ok: how many input bytes the value used (trailing bytes are ignored). */
  used?: number;
  /** When ok: var_to_str(value), the decoded value in Godot's text form. */
  text?: string;
  /** Engine error lines printed while decoding this input. */
  errors: string[];
}

/**
 * Decodes each `inputs` entry (name → hex; names without spaces) in the engine. Rejects if the
 * run fails or a verdict is missing.
 */
export async function bytesToVarInEngine(
  inputs: Readonly<Record<string, string>>,
  deadlineMs = 60_000,
): Promise<Record<string, BytesToVarVerdict>> {
  for (const name of Object.keys(inputs)) {
    if (!/^\S+$/.test(name)) throw new Error(`input name must not contain spaces: ${name}`);
  }
  const result = await runGodot4(loadScenario('bytes-to-var'), {
    extraFiles: { 'input.json': JSON.stringify(inputs) },
    deadlineMs,
  });
  if (result.exitCode !== 0) {
    throw new Error(
      `bytes-to-var run failed (exit ${result.exitCode}): ${result.errors.join('\n')}`,
    );
  }
  const verdicts: Record<string, BytesToVarVerdict> = {};
  const errorsByName: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of result.errors) {
    const m = /^CASE (\S+)$/.exec(line);
    if (m) {
      current = [];
      errorsByName[m[1]!] = current;
    } else current?.push(line);
  }
  for (const line of result.lines) {
    const ok = /^OK (\S+) (\d+) ([0-9a-f]+|-) (".*")$/.exec(line);
    const bad = /^BAD (\S+)$/.exec(line);
    if (ok) {
      const name = ok[1]!;
      const used = Number(ok[2]);
      const reencoded = ok[3] === '-' ? '' : ok[3]!;
      const input = (inputs[name] ?? '').toLowerCase();
      verdicts[name] = {
        ok: true,
        roundTrip:
          used * 2 === input.length &&
          zeroNodePathPadding(reencoded) === zeroNodePathPadding(input),
        reencoded,
        used,
        text: JSON.parse(ok[4]!) as string,
        errors: errorsByName[name] ?? [],
      };
    } else if (bad) verdicts[bad[1]!] = { ok: false, errors: errorsByName[bad[1]!] ?? [] };
  }
  const missing = Object.keys(inputs).filter((n) => !(n in verdicts));
  if (missing.length > 0) throw new Error(`no verdict for ${missing.join(', ')}`);
  return verdicts;
}
