import { Error } from '../error.js';
import { HOST_IS_LITTLE_ENDIAN } from './byte-writer.js';
import { CodecFailure } from './codec-failure.js';
import { type ContainerType, TypedArray, TypedDictionary } from './containers.js';
import { readMath } from './decode-math.js';
import { Color, Vector2, Vector3, Vector4 } from './math-types.js';
import {
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  PackedVector4Array,
} from './packed-arrays.js';
import {
  Callable,
  EncodedObjectAsID,
  GodotFloat,
  GodotObject,
  NodePath,
  RID,
  Signal,
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

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Short ASCII strings (most keys and names) skip TextDecoder, which costs ~1 µs a call. */
function asciiOrNull(data: Uint8Array): string | null {
  if (data.length > 64) return null;
  let text = '';
  for (let i = 0; i < data.length; i++) {
    const c = data[i] ?? 0;
    if (c >= 0x80) return null;
    text += String.fromCharCode(c);
  }
  return text;
}

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

function fail(error: Error, reason: string): never {
  throw new CodecFailure(error, reason);
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

class Decoder {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly format: VariantFormat;
  readonly allowObjects: boolean;
  readonly kinds: readonly Kind[];
  pos = 0;

  constructor(bytes: Uint8Array, format: VariantFormat, allowObjects: boolean) {
    // A plain view: a Node Buffer's slice() would share memory instead of copying.
    this.bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.format = format;
    this.allowObjects = allowObjects;
    this.kinds = KINDS[format];
  }

  get left(): number {
    return this.bytes.byteLength - this.pos;
  }

  need(n: number, what: string): void {
    if (this.left < n) fail(Error.ERR_INVALID_DATA, `truncated ${what} at byte ${this.pos}`);
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  u64(what: string): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A count that must leave at least `min` bytes per element; checked before allocating. */
  count(raw: number, min: number, what: string): number {
    if (raw < 0 || raw * min > this.left) {
      fail(Error.ERR_INVALID_DATA, `${what} count ${raw} exceeds the ${this.left} bytes left`);
    }
    return raw;
  }

  reals(n: number, wide: boolean): number[] {
    this.need(n * (wide ? 8 : 4), 'math value');
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      out[i] = wide ? this.view.getFloat64(this.pos, true) : this.view.getFloat32(this.pos, true);
      this.pos += wide ? 8 : 4;
    }
    return out;
  }

  ints(n: number): number[] {
    this.need(n * 4, 'math value');
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.i32('math value');
    return out;
  }

  /** Godot's `_decode_string`: u32 length, UTF-8, padding; the text ends at the first NUL. */
  string(): string {
    const len = this.i32('string length');
    const pad = (4 - (len % 4)) % 4;
    if (len < 0 || len + pad > this.left) {
      fail(Error.ERR_FILE_EOF, `string of ${len} bytes exceeds the ${this.left} bytes left`);
    }
    let data = this.bytes.subarray(this.pos, this.pos + len);
    const nul = data.indexOf(0);
    if (nul >= 0) data = data.subarray(0, nul);
    let text = asciiOrNull(data);
    if (text === null) {
      try {
        text = utf8.decode(data);
      } catch {
        fail(Error.ERR_INVALID_DATA, `invalid UTF-8 in a string at byte ${this.pos}`);
      }
    }
    this.pos += len + pad;
    return text;
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
        return new Signal(name, this.u64('signal object id'));
      }
      case 'DICTIONARY':
        return this.dictionary(header, depth);
      case 'ARRAY':
        return this.array(header, depth);
      default:
        return this.packed(kind, flag64 && this.format === 'godot4');
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

  /** `count` little-endian elements (already checked to be there) into a new typed array. */
  typed<T extends Int32Array | BigInt64Array | Float32Array | Float64Array>(
    type: { new (buffer: ArrayBuffer): T; new (length: number): T; BYTES_PER_ELEMENT: number },
    count: number,
    read: (at: number) => T[number],
  ): T {
    const size = count * type.BYTES_PER_ELEMENT;
    let out: T;
    if (HOST_IS_LITTLE_ENDIAN) {
      out = new type(this.bytes.slice(this.pos, this.pos + size).buffer);
    } else {
      out = new type(count);
      for (let i = 0; i < count; i++) out[i] = read(this.pos + i * type.BYTES_PER_ELEMENT);
    }
    this.pos += size;
    return out;
  }

  packed(kind: Kind, wide: boolean): Variant {
    const raw = this.i32('packed array count');
    const real = wide ? 8 : 4;
    const vectors = (n: number) => {
      const count = this.count(raw, n * real, kind);
      const out: number[][] = [];
      for (let i = 0; i < count; i++) out.push(this.reals(n, wide));
      return out;
    };
    switch (kind) {
      case 'PACKED_BYTE_ARRAY': {
        const count = this.count(raw, 1, kind);
        const data = this.bytes.slice(this.pos, this.pos + count);
        // Godot does not require the padding to be present; never step past the end.
        this.pos = Math.min(this.pos + count + ((4 - (count % 4)) % 4), this.bytes.byteLength);
        return data;
      }
      case 'PACKED_INT32_ARRAY':
        return this.typed(Int32Array, this.count(raw, 4, kind), (at) =>
          this.view.getInt32(at, true),
        );
      case 'PACKED_INT64_ARRAY':
        return this.typed(BigInt64Array, this.count(raw, 8, kind), (at) =>
          this.view.getBigInt64(at, true),
        );
      case 'PACKED_FLOAT32_ARRAY':
        return this.typed(Float32Array, this.count(raw, 4, kind), (at) =>
          this.view.getFloat32(at, true),
        );
      case 'PACKED_FLOAT64_ARRAY':
        return this.typed(Float64Array, this.count(raw, 8, kind), (at) =>
          this.view.getFloat64(at, true),
        );
      case 'PACKED_STRING_ARRAY': {
        const count = this.count(Math.max(0, raw), 4, kind);
        const out: string[] = [];
        for (let i = 0; i < count; i++) out.push(this.string());
        return new PackedStringArray(out);
      }
      case 'PACKED_VECTOR2_ARRAY':
        return new PackedVector2Array(vectors(2).map(([x, y]) => new Vector2(x, y)));
      case 'PACKED_VECTOR3_ARRAY':
        return new PackedVector3Array(vectors(3).map(([x, y, z]) => new Vector3(x, y, z)));
      case 'PACKED_VECTOR4_ARRAY':
        return new PackedVector4Array(vectors(4).map(([x, y, z, w]) => new Vector4(x, y, z, w)));
      case 'PACKED_COLOR_ARRAY': {
        const count = this.count(raw, 16, kind);
        const out: Color[] = [];
        for (let i = 0; i < count; i++) {
          const [r, g, b, a] = this.reals(4, false);
          out.push(new Color(r, g, b, a));
        }
        return new PackedColorArray(out);
      }
      default:
        return fail(Error.ERR_BUG, `no decoder for ${kind}`);
    }
  }
}
