import { Error } from '../error.js';
import { ByteWriter } from './byte-writer.js';
import { CodecFailure } from './codec-failure.js';
import { type ContainerType, TypedArray, TypedDictionary } from './containers.js';
import { writeMath } from './encode-math.js';
import { writePacked } from './encode-packed.js';
import {
  Callable,
  EncodedObjectAsID,
  GodotFloat,
  GodotObject,
  GodotSignal,
  NodePath,
  RID,
  StringName,
} from './value-types.js';
import type { EncodeOptions, EncodeResult, Variant, VariantRecord } from './variant.js';
import {
  ContainerTypeKind,
  HEADER_FLAG_64,
  HEADER_FLAG_OBJECT_AS_ID,
  HEADER_TYPED_SHIFT,
  HEADER_TYPED_VALUE_SHIFT,
  type Kind,
  MAX_RECURSION_DEPTH,
  TYPE_IDS,
  type VariantFormat,
} from './variant-type.js';

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DEFAULT_MAX_SIZE = 0x7fffffff;

/** Everything one encoding needs; `padByte` exists for tests that locate padding. */
export interface EncodeSettings {
  format: VariantFormat;
  fullObjects: boolean;
  double: boolean;
  maxSize: number;
  padByte: number;
}

/** Godot's `encode_variant` / `var_to_bytes`: never throws; returns the bytes or an Error. */
export function encodeVariant(value: Variant, options: EncodeOptions = {}): EncodeResult {
  const format = options.format ?? 'godot4';
  if (format !== 'godot3' && format !== 'godot4') {
    return { error: Error.ERR_INVALID_PARAMETER, bytes: new Uint8Array(0), reason: 'bad format' };
  }
  return encodeWith(value, {
    format,
    fullObjects: options.fullObjects ?? false,
    double: format === 'godot4' && options.precision === 'double',
    maxSize: options.maxSize ?? DEFAULT_MAX_SIZE,
    padByte: 0,
  });
}

/** `encodeVariant` with every setting explicit. */
export function encodeWith(value: Variant, settings: EncodeSettings): EncodeResult {
  const encoder = new Encoder(settings);
  try {
    encoder.value(value, 0);
    return { error: Error.OK, bytes: encoder.w.finish(), reason: '' };
  } catch (e) {
    const failure = e instanceof CodecFailure ? e : new CodecFailure(Error.ERR_BUG, String(e));
    return { error: failure.error, bytes: new Uint8Array(0), reason: failure.reason };
  }
}

function isPlainObject(v: object): v is VariantRecord {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

class Encoder {
  readonly w: ByteWriter;
  readonly s: EncodeSettings;
  readonly ids: Partial<Record<Kind, number>>;

  constructor(settings: EncodeSettings) {
    this.s = settings;
    this.w = new ByteWriter(settings.maxSize, settings.padByte);
    this.ids = TYPE_IDS[settings.format];
  }

  /** Writes the u32 header for `kind`, failing if this engine generation lacks the type. */
  header(kind: Kind, flags = 0): void {
    const id = this.ids[kind];
    if (id === undefined) {
      throw new CodecFailure(
        Error.ERR_INVALID_PARAMETER,
        `${kind} does not exist in the ${this.s.format} format`,
      );
    }
    this.w.u32(id | flags);
  }

  value(v: Variant, depth: number): void {
    if (depth > MAX_RECURSION_DEPTH) {
      throw new CodecFailure(Error.ERR_OUT_OF_MEMORY, 'value nested too deep (or cyclic)');
    }
    if (v === null || v === undefined) {
      this.header('NIL');
    } else if (typeof v === 'boolean') {
      this.header('BOOL');
      this.w.u32(v ? 1 : 0);
    } else if (typeof v === 'number') {
      if (Number.isSafeInteger(v)) this.int(v);
      else this.float(v);
    } else if (typeof v === 'bigint') {
      this.bigint(v);
    } else if (typeof v === 'string') {
      this.header('STRING');
      this.w.string(v);
    } else if (typeof v === 'object') {
      this.object(v, depth);
    } else {
      throw new CodecFailure(Error.ERR_INVALID_PARAMETER, `cannot encode a ${typeof v}`);
    }
  }

  int(v: number): void {
    if (v >= INT32_MIN && v <= INT32_MAX) {
      this.header('INT');
      this.w.i32(v);
    } else {
      this.header('INT', HEADER_FLAG_64);
      this.w.i64(BigInt(v));
    }
  }

  bigint(v: bigint): void {
    if (v < INT64_MIN || v > INT64_MAX) {
      throw new CodecFailure(Error.ERR_PARAMETER_RANGE_ERROR, `${v} does not fit a 64-bit int`);
    }
    if (v >= INT32_MIN && v <= INT32_MAX) {
      this.header('INT');
      this.w.i32(Number(v));
    } else {
      this.header('INT', HEADER_FLAG_64);
      this.w.i64(v);
    }
  }

  /** Godot writes a float32 when it converts back exactly, else a double (NaN → double). */
  float(v: number): void {
    if (Math.fround(v) === v) {
      this.header('FLOAT');
      this.w.f32(v);
    } else {
      this.header('FLOAT', HEADER_FLAG_64);
      this.w.f64(v);
    }
  }

  object(v: object, depth: number): void {
    if (writeMath(this, v) || writePacked(this, v)) return;
    if (v instanceof GodotFloat) this.float(v.value);
    else if (Array.isArray(v)) this.array(null, v, depth);
    else if (v instanceof Map) this.dictionary(null, null, v, depth);
    else if (v instanceof StringName) {
      this.header('STRING_NAME');
      this.w.string(v.value);
    } else if (v instanceof NodePath) this.nodePath(v);
    else if (v instanceof RID) {
      this.header('RID');
      if (this.s.format === 'godot4') this.w.u64(v.id);
    } else if (v instanceof EncodedObjectAsID) {
      this.header('OBJECT', HEADER_FLAG_OBJECT_AS_ID);
      this.w.u64(v.objectId);
    } else if (v instanceof GodotObject) this.fullObject(v, depth);
    else if (v instanceof Callable) this.header('CALLABLE');
    else if (v instanceof GodotSignal) {
      this.header('SIGNAL');
      this.w.string(v.name);
      this.w.u64(v.objectId);
    } else if (v instanceof TypedArray) this.array(v.elementType, v.values, depth);
    else if (v instanceof TypedDictionary) {
      this.dictionary(v.keyType, v.valueType, v.entries, depth);
    } else if (isPlainObject(v)) this.dictionary(null, null, Object.entries(v), depth);
    else {
      const name = v.constructor?.name ?? 'object';
      throw new CodecFailure(Error.ERR_INVALID_PARAMETER, `cannot encode a ${name}`);
    }
  }

  /** Math-type components: float32, or float64 for `precision: 'double'` (4.x). */
  reals(...values: number[]): void {
    for (const x of values) {
      if (this.s.double) this.w.f64(x);
      else this.w.f32(x);
    }
  }

  nodePath(v: NodePath): void {
    this.header('NODE_PATH');
    this.w.u32((v.names.length | 0x80000000) >>> 0);
    this.w.u32(v.subnames.length);
    this.w.u32(v.absolute ? 1 : 0);
    for (const name of v.names) this.w.string(name);
    for (const name of v.subnames) this.w.string(name);
  }

  fullObject(v: GodotObject, depth: number): void {
    if (!this.s.fullObjects) {
      throw new CodecFailure(
        Error.ERR_UNAUTHORIZED,
        'encoding a full object needs fullObjects = true',
      );
    }
    this.header('OBJECT');
    this.w.string(v.className);
    if (v.className === '') return;
    this.w.u32(v.properties.size);
    for (const [name, value] of v.properties) {
      this.w.string(name);
      this.value(value, depth + 1);
    }
  }

  /** The header bits of a 4.x container type (none in Godot 3, which must be untyped). */
  typeKind(type: ContainerType | null): number {
    if (type === null) return ContainerTypeKind.NONE;
    if (this.s.format === 'godot3') {
      throw new CodecFailure(Error.ERR_INVALID_PARAMETER, 'typed containers need Godot 4');
    }
    if (type.kind === 'builtin') return ContainerTypeKind.BUILTIN;
    // Without full objects Godot sends class and script types as the class EncodedObjectAsID.
    if (type.kind === 'script' && this.s.fullObjects) return ContainerTypeKind.SCRIPT;
    return ContainerTypeKind.CLASS_NAME;
  }

  containerType(type: ContainerType | null): void {
    if (type === null) return;
    if (type.kind === 'builtin') this.w.u32(type.type);
    else if (!this.s.fullObjects) this.w.string('EncodedObjectAsID');
    else this.w.string(type.kind === 'class' ? type.className : type.path);
  }

  array(type: ContainerType | null, values: readonly Variant[], depth: number): void {
    this.header('ARRAY', this.typeKind(type) << HEADER_TYPED_SHIFT);
    this.containerType(type);
    this.w.u32(values.length);
    for (const e of values) this.value(e, depth + 1);
  }

  dictionary(
    keyType: ContainerType | null,
    valueType: ContainerType | null,
    entries: Map<Variant, Variant> | [string, Variant][],
    depth: number,
  ): void {
    const flags =
      (this.typeKind(keyType) << HEADER_TYPED_SHIFT) |
      (this.typeKind(valueType) << HEADER_TYPED_VALUE_SHIFT);
    this.header('DICTIONARY', flags);
    this.containerType(keyType);
    this.containerType(valueType);
    this.w.u32(entries instanceof Map ? entries.size : entries.length);
    for (const [k, e] of entries) {
      this.value(k, depth + 1);
      this.value(e, depth + 1);
    }
  }
}

export type { Encoder };
