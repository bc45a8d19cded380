import { errorName } from '../error.js';
import { logger } from '../logger.js';
import { decodeVariant } from './decode.js';
import { encodeVariant } from './encode.js';
import type { Variant } from './variant.js';
import type { VariantFormat } from './variant-type.js';

function toBytes(value: Variant, format: VariantFormat, fullObjects: boolean): Uint8Array {
  const result = encodeVariant(value, { format, fullObjects });
  if (result.error !== 0)
    logger.error(`Variant encoding failed (${errorName(result.error)}): ${result.reason}`);
  return result.bytes;
}

function toVar(bytes: Uint8Array, format: VariantFormat, allowObjects: boolean): Variant {
  const result = decodeVariant(bytes, { format, allowObjects });
  if (result.error !== 0)
    logger.error(`Variant decoding failed (${errorName(result.error)}): ${result.reason}`);
  return result.value;
}

/** Godot 4's `var_to_bytes(variant)`: the encoding, or an empty array (error logged). */
export function varToBytes(value: Variant): Uint8Array {
  return toBytes(value, 'godot4', false);
}

/** Godot 4's `var_to_bytes_with_objects(variant)`: full objects allowed. */
export function varToBytesWithObjects(value: Variant): Uint8Array {
  return toBytes(value, 'godot4', true);
}

/** Godot 4's `bytes_to_var(bytes)`: the value, or null (error logged). */
export function bytesToVar(bytes: Uint8Array): Variant {
  return toVar(bytes, 'godot4', false);
}

/** Godot 4's `bytes_to_var_with_objects(bytes)`: full objects allowed. */
export function bytesToVarWithObjects(bytes: Uint8Array): Variant {
  return toVar(bytes, 'godot4', true);
}

/** Godot 3's `var2bytes(var, full_objects = false)` (Godot 3 type table). */
export function var2bytes(value: Variant, fullObjects = false): Uint8Array {
  return toBytes(value, 'godot3', fullObjects);
}

/** Godot 3's `bytes2var(bytes, allow_objects = false)` (Godot 3 type table). */
export function bytes2var(bytes: Uint8Array, allowObjects = false): Variant {
  return toVar(bytes, 'godot3', allowObjects);
}
