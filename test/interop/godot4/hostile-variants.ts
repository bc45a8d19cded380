// Malformed Variant bytes (Godot 4 format) to hand to the engine's bytes_to_var: the engine's
// verdict on each is committed in test/fixtures/godot4-hostile-variants.json, and our decoder
// must reject what the engine rejects.
import { join } from 'node:path';
import { bytesToVarInEngine } from '../../helpers/godot4/bytes-to-var.js';
import { REPO_ROOT } from '../../helpers/godot4/scenario.js';

/** A hostile input: what it is, and its bytes as hex. */
export interface HostileCase {
  why: string;
  hex: string;
}

const word = (n: number): string => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b.toString('hex');
};

/** Arrays nested `depth` deep, the innermost empty. */
const nestedArrays = (depth: number): string =>
  `${`${word(0x1c)}${word(1)}`.repeat(depth - 1)}${word(0x1c)}${word(0)}`;

/** The list, by name. */
export const HOSTILE_VARIANTS: Record<string, HostileCase> = {
  empty: { why: 'no bytes at all', hex: '' },
  short_header: { why: 'header cut to 2 bytes', hex: '0200' },
  type_out_of_range: { why: 'type 39, one past PACKED_VECTOR4_ARRAY', hex: word(39) },
  type_255: { why: 'type byte 0xff', hex: word(0xff) },
  int_truncated: { why: 'INT with 2 of its 4 bytes', hex: `${word(2)}ffff` },
  int64_truncated: {
    why: 'INT with the 64-bit flag and 4 of its 8 bytes',
    hex: `${word(0x10002)}${word(1)}`,
  },
  float64_truncated: {
    why: 'FLOAT with the 64-bit flag and 4 of 8 bytes',
    hex: `${word(0x10003)}${word(0)}`,
  },
  bool_truncated: { why: 'BOOL without its value', hex: word(1) },
  string_length_past_end: {
    why: 'STRING claiming 0x7fffffff bytes, holding 4',
    hex: `${word(4)}${word(0x7fffffff)}41414141`,
  },
  string_length_negative: { why: 'STRING length 0xffffffff', hex: `${word(4)}${word(0xffffffff)}` },
  string_invalid_utf8: {
    why: 'STRING of 2 bytes that are not UTF-8 (c3 28)',
    hex: `${word(4)}${word(2)}c3280000`,
  },
  string_unpadded: {
    why: 'STRING "abc" without its padding byte',
    hex: `${word(4)}${word(3)}616263`,
  },
  string_nul_inside: { why: 'STRING "a\\0b" (a NUL inside)', hex: `${word(4)}${word(3)}61006200` },
  vector2_truncated: { why: 'VECTOR2 with one of its two floats', hex: `${word(5)}0000803f` },
  transform3d_truncated: {
    why: 'TRANSFORM3D with 8 of 12 floats',
    hex: `${word(0x12)}${'0000803f'.repeat(8)}`,
  },
  vector2_64bit_flag: {
    why: 'VECTOR2 with the 64-bit flag (doubles) and 2 doubles',
    hex: `${word(0x10005)}000000000000f03f0000000000000040`,
  },
  string_name_past_end: {
    why: 'STRING_NAME claiming 100 bytes, holding 4',
    hex: `${word(0x15)}${word(100)}61626364`,
  },
  node_path_old_format: {
    why: 'NODE_PATH without the new-format bit (Godot 2/3 style)',
    hex: `${word(0x16)}${word(3)}61626300`,
  },
  node_path_names_past_end: {
    why: 'NODE_PATH claiming 1000 names, holding none',
    hex: `${word(0x16)}${word(0x80000000 + 1000)}${word(0)}${word(0)}`,
  },
  object_without_objects: {
    why: 'OBJECT (full object, class "Node") while objects are not allowed',
    hex: `${word(0x18)}${word(4)}4e6f6465${word(0)}`,
  },
  object_as_id: { why: 'OBJECT as instance id 1', hex: `${word(0x10018)}0100000000000000` },
  object_as_id_0: { why: 'OBJECT as instance id 0', hex: `${word(0x10018)}0000000000000000` },
  node_path_flag_2: {
    why: 'NODE_PATH "a" with flags bit 1 (legacy extra subname) and no subname',
    hex: `${word(0x16)}${word(0x80000001)}${word(0)}${word(2)}${word(1)}61000000`,
  },
  array_count_bit31: {
    why: 'ARRAY count 0x80000000 (bit 31 set, 0 elements)',
    hex: `${word(0x1c)}${word(0x80000000)}`,
  },
  dictionary_count_bit31: {
    why: 'DICTIONARY count 0x80000001 (bit 31 set, 1 pair)',
    hex: `${word(0x1b)}${word(0x80000001)}${word(2)}${word(1)}${word(2)}${word(2)}`,
  },
  rid_truncated: { why: 'RID with 4 of 8 bytes', hex: `${word(0x17)}${word(1)}` },
  array_count_past_end: {
    why: 'ARRAY claiming 0x7fffffff elements, holding none',
    hex: `${word(0x1c)}${word(0x7fffffff)}`,
  },
  array_count_short: {
    why: 'ARRAY claiming 2 elements, holding 1',
    hex: `${word(0x1c)}${word(2)}${word(2)}${word(1)}`,
  },
  array_element_bad_type: {
    why: 'ARRAY whose element has type 0xff',
    hex: `${word(0x1c)}${word(1)}${word(0xff)}`,
  },
  array_typed_bad_builtin: {
    why: 'typed ARRAY of builtin type 99',
    hex: `${word(0x1001c)}${word(99)}${word(0)}`,
  },
  array_typed_wrong_element: {
    why: 'Array[int] holding a String',
    hex: `${word(0x1001c)}${word(2)}${word(1)}${word(4)}${word(1)}61000000`,
  },
  array_typed_float_holding_int: {
    why: 'Array[float] holding INT 1 and FLOAT 2.5',
    hex: `${word(0x1001c)}${word(3)}${word(2)}${word(2)}${word(1)}${word(3)}00002040`,
  },
  array_typed_int_holding_float: {
    why: 'Array[int] holding FLOAT 1.0 and INT 2',
    hex: `${word(0x1001c)}${word(2)}${word(2)}${word(3)}0000803f${word(2)}${word(2)}`,
  },
  array_typed_int_holding_bool: {
    why: 'Array[int] holding BOOL true',
    hex: `${word(0x1001c)}${word(2)}${word(1)}${word(1)}${word(1)}`,
  },
  array_typed_int_holding_null: {
    why: 'Array[int] holding NIL and INT 3',
    hex: `${word(0x1001c)}${word(2)}${word(2)}${word(0)}${word(2)}${word(3)}`,
  },
  array_typed_string_name_holding_string: {
    why: 'Array[StringName] holding STRING "a"',
    hex: `${word(0x1001c)}${word(0x15)}${word(1)}${word(4)}${word(1)}61000000`,
  },
  array_typed_string_holding_string_name: {
    why: 'Array[String] holding STRING_NAME &"b"',
    hex: `${word(0x1001c)}${word(4)}${word(1)}${word(0x15)}${word(1)}62000000`,
  },
  array_typed_class_holding_int: {
    why: 'Array[Node] (class kind) holding NIL and INT 5',
    hex: `${word(0x2001c)}${word(4)}4e6f6465${word(2)}${word(0)}${word(2)}${word(5)}`,
  },
  dictionary_typed_bad_key: {
    why: 'Dictionary[String, int] holding 1: 2 and "k": 3',
    hex: `${word(0x5001b)}${word(4)}${word(2)}${word(2)}${word(2)}${word(1)}${word(2)}${word(2)}${word(4)}${word(1)}6b000000${word(2)}${word(3)}`,
  },
  dictionary_typed_bad_value: {
    why: 'Dictionary[String, int] holding "k": "v"',
    hex: `${word(0x5001b)}${word(4)}${word(2)}${word(1)}${word(4)}${word(1)}6b000000${word(4)}${word(1)}76000000`,
  },
  dictionary_typed_float_holding_int: {
    why: 'Dictionary[String, float] holding "k": INT 7',
    hex: `${word(0x5001b)}${word(4)}${word(3)}${word(1)}${word(4)}${word(1)}6b000000${word(2)}${word(7)}`,
  },
  array_nested_100: { why: 'arrays nested 100 deep', hex: nestedArrays(100) },
  array_nested_1024: { why: 'arrays nested 1024 deep', hex: nestedArrays(1024) },
  array_nested_1025: { why: 'arrays nested 1025 deep', hex: nestedArrays(1025) },
  array_nested_1026: { why: 'arrays nested 1026 deep', hex: nestedArrays(1026) },
  array_nested_2000: { why: 'arrays nested 2000 deep', hex: nestedArrays(2000) },
  dictionary_missing_value: {
    why: 'DICTIONARY with a key and no value',
    hex: `${word(0x1b)}${word(1)}${word(4)}${word(1)}61000000`,
  },
  dictionary_count_past_end: {
    why: 'DICTIONARY claiming 0x7fffffff pairs',
    hex: `${word(0x1b)}${word(0x7fffffff)}`,
  },
  dictionary_duplicate_key: {
    why: 'DICTIONARY with the key 1 twice',
    hex: `${word(0x1b)}${word(2)}${word(2)}${word(1)}${word(2)}${word(10)}${word(2)}${word(1)}${word(2)}${word(20)}`,
  },
  packed_byte_array_past_end: {
    why: 'PACKED_BYTE_ARRAY claiming 0x7fffffff bytes, holding 1',
    hex: `${word(0x1d)}${word(0x7fffffff)}00`,
  },
  packed_int32_array_overflow: {
    why: 'PACKED_INT32_ARRAY count 0x40000000 (count*4 overflows int32)',
    hex: `${word(0x1e)}${word(0x40000000)}`,
  },
  packed_int64_array_truncated: {
    why: 'PACKED_INT64_ARRAY of 1 with 4 of 8 bytes',
    hex: `${word(0x1f)}${word(1)}${word(1)}`,
  },
  packed_string_array_past_end: {
    why: 'PACKED_STRING_ARRAY of 2 holding 1 string',
    hex: `${word(0x22)}${word(2)}${word(1)}61000000`,
  },
  packed_vector4_array_truncated: {
    why: 'PACKED_VECTOR4_ARRAY of 1 with 3 floats',
    hex: `${word(0x26)}${word(1)}${'0000803f'.repeat(3)}`,
  },
  trailing_bytes: {
    why: 'INT 1 followed by 4 extra bytes',
    hex: `${word(2)}${word(1)}${word(0xdeadbeef)}`,
  },
  header_unknown_flags: {
    why: 'INT with unknown header flag bits 0x00f00000',
    hex: `${word(0x00f00002)}${word(1)}`,
  },
  nil_with_payload: { why: 'NIL followed by 4 bytes', hex: `${word(0)}${word(1)}` },
};

/** The engine's verdict on one hostile input, as committed. */
export interface HostileVerdict {
  why: string;
  hex: string;
  verdict: 'REJECT' | 'ACCEPT';
  /** ACCEPT only: bytes the value used, var_to_str of it, and whether it re-encodes the same. */
  used?: number;
  text?: string;
  roundTrip?: boolean;
  /** First error line the engine printed for this input (if any). */
  error?: string;
}

/** Content of test/fixtures/godot4-hostile-variants.json. */
export interface HostileFixture {
  description: string;
  regenerate: string;
  cases: Record<string, HostileVerdict>;
}

/** Path of the committed verdicts. */
export const HOSTILE_FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'godot4-hostile-variants.json');

/** Hands every hostile input to the engine and returns the verdicts in fixture form. */
export async function captureHostileVerdicts(): Promise<HostileFixture> {
  const inputs = Object.fromEntries(Object.entries(HOSTILE_VARIANTS).map(([k, v]) => [k, v.hex]));
  const verdicts = await bytesToVarInEngine(inputs);
  const cases: Record<string, HostileVerdict> = {};
  for (const [name, input] of Object.entries(HOSTILE_VARIANTS)) {
    const v = verdicts[name]!;
    const error = v.errors.find((l) => !l.startsWith('   at: '));
    cases[name] = {
      ...input,
      verdict: v.ok ? 'ACCEPT' : 'REJECT',
      ...(v.ok ? { used: v.used!, text: v.text!, roundTrip: v.roundTrip! } : {}),
      ...(error === undefined ? {} : { error }),
    };
  }
  return {
    description:
      'Malformed Godot 4 Variant bytes handed to bytes_to_var in the real Godot 4.6 engine ' +
      '(Web template, headless Chromium; scenario test/interop/godot4/scenarios/bytes-to-var). ' +
      'REJECT: the decoder failed. ACCEPT: it produced a value (used: bytes consumed, trailing ' +
      'bytes ignored; text: var_to_str; roundTrip: var_to_bytes gives the whole input back). ' +
      'error: ' +
      "the engine's first error line for the input (an ACCEPT can print one too).",
    regenerate:
      'npm run build:test && node build/test/interop/godot4/capture-variants.js ' +
      '(rewrites this file and godot4-variants.json)',
    cases,
  };
}
