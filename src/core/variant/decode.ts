import { Error } from '../error.js';
import { ByteReader, fail } from './byte-reader.js';
import { CodecFailure } from './codec-failure.js';
import { type ContainerType, TypedArray, TypedDictionary } from './containers.js';
import { readMath } from './decode-math.js';
import { readPacked } from './decode-packed.js';
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
import type { DecodeOptions, DecodeResult, Variant } from './variant.js';
import {
  ContainerTypeKind,
  HEADER_FLAG_64,
  HEADER_FLAG_OBJECT_AS_ID,
  HEADER_TYPE_MASK,
  HEADER_TYPED_SHIFT,
  HEADER_TYPED_VALUE_SHIFT,
  KINDS,
  type Kind,
  MAX_RECURSION_DEPTH,
  VARIANT_MAX,
  type VariantFormat,
} from './variant-type.js';

/**
 * Godot's `decode_variant` / `bytes_to_var`. Never throws: truncated or hostile input returns
 * an Error (ERR_INVALID_DATA, ERR_FILE_EOF for a short string, ERR_OUT_OF_MEMORY past 1024
 * levels, ERR_UNAUTHORIZED for a full object without `allowObjects`). Counts are checked
 * against the bytes left before anything is allocated. Trailing bytes are not an error;
 * `length` says how many were used.
 */
export function decodeVariant(bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  const format = options.format ?? 'godot4';
  if (format !== 'godot3' && format !== 'godot4') {
    return { error: Error.ERR_INVALID_PARAMETER, value: null, length: 0, reason: 'bad format' };
  }
  const decoder = new Decoder(bytes, format, options.allowObjects ?? false);
  try {
    const value = decoder.value(0);
    return { error: Error.OK, value, length: decoder.pos, reason: '' };
  } catch (e) {
    const failure = e instanceof CodecFailure ? e : new CodecFailure(Error.ERR_BUG, String(e));
    return { error: failure.error, value: null, length: 0, reason: failure.reason };
  }
}

/** A float a plain number would re-encode as INT (1.0, -0.0) stays a GodotFloat. */
function toFloat(v: number): number | GodotFloat {
  return Number.isSafeInteger(v) ? new GodotFloat(v) : v;
}

/** int64 → number when it is a safe integer, else bigint. */
function toInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v;
}

class Decoder extends ByteReader {
  readonly format: VariantFormat;
  readonly allowObjects: boolean;
  readonly kinds: readonly Kind[];

  constructor(bytes: Uint8Array, format: VariantFormat, allowObjects: boolean) {
    super(bytes);
    this.format = format;
    this.allowObjects = allowObjects;
    this.kinds = KINDS[format];
  }

  value(depth: number): Variant {
    if (depth > MAX_RECURSION_DEPTH) fail(Error.ERR_OUT_OF_MEMORY, 'value nested too deep');
    const header = this.u32('header');
    const id = header & HEADER_TYPE_MASK;
    const kind = this.kinds[id];
    if (kind === undefined) fail(Error.ERR_INVALID_DATA, `bad type id ${id} for ${this.format}`);
    const flag64 = (header & HEADER_FLAG_64) !== 0;
    const math = readMath(this, kind, flag64 && this.format === 'godot4');
    if (math !== undefined) return math;
    switch (kind) {
      case 'NIL':
        return null;
      case 'BOOL':
        return this.u32('bool') !== 0;
      case 'INT':
        if (!flag64) return this.i32('int');
        return toInt(BigInt.asIntN(64, this.u64('int')));
      case 'FLOAT': {
        const wide = flag64 ? 8 : 4;
        this.need(wide, 'float');
        const v = flag64
          ? this.view.getFloat64(this.pos, true)
          : this.view.getFloat32(this.pos, true);
        this.pos += wide;
        return toFloat(v);
      }
      case 'STRING':
        return this.string();
      case 'STRING_NAME':
        return new StringName(this.string());
      case 'NODE_PATH':
        return this.nodePath();
      case 'RID':
        return this.format === 'godot3' ? new RID() : new RID(this.u64('RID'));
      case 'OBJECT':
        return this.object(header, depth);
      case 'CALLABLE':
        return new Callable();
      case 'SIGNAL': {
        const name = this.string();
        return new GodotSignal(name, this.u64('signal object id'));
      }
      case 'DICTIONARY':
        return this.dictionary(header, depth);
      case 'ARRAY':
        return this.array(header, depth);
      default:
        return readPacked(this, kind, flag64 && this.format === 'godot4');
    }
  }

  nodePath(): NodePath {
    const first = this.u32('NodePath');
    if ((first & 0x80000000) === 0) fail(Error.ERR_INVALID_DATA, 'old-format NodePath');
    this.need(8, 'NodePath');
    const nameCount = first & 0x7fffffff;
    let subCount = this.u32('NodePath');
    const flags = this.u32('NodePath');
    if (flags & 2) subCount++; // obsolete format: property stored apart from the subpath
    this.count(nameCount + subCount, 4, 'NodePath name');
    const names: string[] = [];
    const subnames: string[] = [];
    for (let i = 0; i < nameCount; i++) names.push(this.string());
    for (let i = 0; i < subCount; i++) subnames.push(this.string());
    return NodePath.fromParts(names, subnames, (flags & 1) !== 0);
  }

  object(header: number, depth: number): Variant {
    if (header & HEADER_FLAG_OBJECT_AS_ID) return new EncodedObjectAsID(this.u64('object id'));
    if (!this.allowObjects) {
      fail(Error.ERR_UNAUTHORIZED, 'full object received but allowObjects is false');
    }
    const className = this.string();
    const obj = new GodotObject(className);
    if (className === '') return obj;
    const count = this.count(Math.max(0, this.i32('property count')), 8, 'property');
    for (let i = 0; i < count; i++) {
      const name = this.string();
      obj.properties.set(name, this.value(depth + 1));
    }
    return obj;
  }

  /** 4.x typed-container info (`kind` from the header's 2-bit field). */
  containerType(kind: number): ContainerType | null {
    if (this.format === 'godot3' || kind === ContainerTypeKind.NONE) return null;
    if (kind === ContainerTypeKind.BUILTIN) {
      const type = this.u32('container type');
      if (type >= VARIANT_MAX.godot4) fail(Error.ERR_INVALID_DATA, `bad element type ${type}`);
      return { kind: 'builtin', type };
    }
    const name = this.string();
    return kind === ContainerTypeKind.CLASS_NAME
      ? { kind: 'class', className: name }
      : { kind: 'script', path: name };
  }

  array(header: number, depth: number): Variant {
    const type = this.containerType((header >>> HEADER_TYPED_SHIFT) & 3);
    const count = this.count(this.u32('array count') & 0x7fffffff, 4, 'array');
    const values: Variant[] = [];
    for (let i = 0; i < count; i++) values.push(this.value(depth + 1));
    return type === null ? values : new TypedArray(type, values);
  }

  dictionary(header: number, depth: number): Variant {
    const keyType = this.containerType((header >>> HEADER_TYPED_SHIFT) & 3);
    const valueType = this.containerType((header >>> HEADER_TYPED_VALUE_SHIFT) & 3);
    const count = this.count(this.u32('dictionary count') & 0x7fffffff, 8, 'dictionary');
    const entries = new Map<Variant, Variant>();
    for (let i = 0; i < count; i++) {
      const key = this.value(depth + 1);
      entries.set(key, this.value(depth + 1));
    }
    if (keyType === null && valueType === null) return entries;
    return new TypedDictionary(keyType, valueType, entries);
  }
}
