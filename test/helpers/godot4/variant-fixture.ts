// Variant bytes captured from the real Godot 4.6 engine (test/fixtures/godot4-variants.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './scenario.js';

/** Path of the committed fixture. */
export const GODOT4_VARIANTS_FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'godot4-variants.json');

/** The fixture's content. */
export interface Godot4VariantFixture {
  description: string;
  regenerate: string;
  engine: string;
  notes: string[];
  /** Value name → `var_to_bytes(value)` as lowercase hex (NodePath padding zeroed). */
  variants: Record<string, string>;
  /** Value name → `typeof(value)` (Godot 4 Variant.Type number). */
  types: Record<string, number>;
  /** Value name → `var_to_str(value)`: the value in Godot's own text form. */
  text: Record<string, string>;
}

/** Reads the committed fixture. */
export function readGodot4Variants(path = GODOT4_VARIANTS_FIXTURE): Godot4VariantFixture {
  return JSON.parse(readFileSync(path, 'utf8')) as Godot4VariantFixture;
}

/** Godot 4 Variant type id of NodePath. */
const NODE_PATH = 22;

/**
 * Returns `hex` with the padding bytes of a top-level NodePath's strings set to zero. Godot's
 * encoder leaves them uninitialized (they differ between runs); its decoder skips them.
 * Any other value is returned unchanged.
 */
export function zeroNodePathPadding(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length < 16 || (bytes.readUInt32LE(0) & 0xff) !== NODE_PATH) return hex;
  const nameCount = bytes.readUInt32LE(4) & 0x7fffffff;
  const subnameCount = bytes.readUInt32LE(8);
  let p = 16; // header, name count | new-format bit, subname count, flags
  for (let i = 0; i < nameCount + subnameCount && p + 4 <= bytes.length; i++) {
    const length = bytes.readUInt32LE(p);
    p += 4 + length;
    while (p % 4 !== 0 && p < bytes.length) bytes[p++] = 0;
  }
  return bytes.toString('hex');
}
