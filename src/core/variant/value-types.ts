import type { Variant } from './variant.js';

/**
 * A Godot FLOAT whose value is integral (`1.0`, `-0.0`). A plain JS `number` that is a safe
 * integer encodes as INT; wrap it (`float(1)`) to send a FLOAT. Decoding gives a `GodotFloat`
 * exactly for floats that are safe integers, so re-encoding is lossless; other floats decode
 * to `number`. `valueOf()` makes it usable in arithmetic (`+f`, `f * 2`, `Number(f)`).
 */
export class GodotFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return String(this.value);
  }
}

/** Forces a number to be sent as a Godot FLOAT: `float(1)` → FLOAT 1.0. */
export function float(value: number): GodotFloat {
  return new GodotFloat(value);
}

/** Godot 4's `StringName` (`&"name"`): sent like a String but with its own type id. */
export class StringName {
  readonly value: string;
  constructor(value = '') {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/**
 * Godot's `NodePath`: node names, then subnames (properties), and whether it starts at the root.
 * `new NodePath('/root/Player:position:x')` parses Godot's text form.
 */
export class NodePath {
  names: string[];
  subnames: string[];
  absolute: boolean;
  constructor(path = '') {
    const colon = path.indexOf(':');
    const nodePart = colon < 0 ? path : path.slice(0, colon);
    this.absolute = nodePart.startsWith('/');
    this.names = nodePart.split('/').filter((s) => s !== '');
    this.subnames =
      colon < 0
        ? []
        : path
            .slice(colon + 1)
            .split(':')
            .filter((s) => s !== '');
  }

  /** Builds a NodePath from its parts, as the decoder does. */
  static fromParts(names: string[], subnames: string[], absolute: boolean): NodePath {
    const np = new NodePath();
    np.names = names;
    np.subnames = subnames;
    np.absolute = absolute;
    return np;
  }

  toString(): string {
    const nodes = (this.absolute ? '/' : '') + this.names.join('/');
    return this.subnames.length === 0 ? nodes : `${nodes}:${this.subnames.join(':')}`;
  }
}

/** Godot's `RID`. Godot 4 sends its u64 id; Godot 3 sends nothing (decodes as id 0). */
export class RID {
  readonly id: bigint;
  constructor(id = 0n) {
    this.id = id;
  }
}

/**
 * An object sent as its instance id (`put_var(obj)` without full objects). Godot decodes id 0
 * as `null`; this codec keeps `EncodedObjectAsID(0n)` so the bytes re-encode unchanged.
 */
export class EncodedObjectAsID {
  readonly objectId: bigint;
  constructor(objectId: bigint) {
    this.objectId = objectId;
  }
}

/**
 * A full object (`put_var(obj, true)`): its class name and stored properties in Godot's order.
 * Decoded only with `allowObjects`, encoded only with `fullObjects` (as in Godot). An empty
 * `className` is Godot's null object (sent without a property count).
 */
export class GodotObject {
  className: string;
  properties: Map<string, Variant>;
  constructor(className: string, properties: Map<string, Variant> = new Map()) {
    this.className = className;
    this.properties = properties;
  }
}

/** Godot 4's `Callable`: never sent over the wire (no payload); decodes as an empty Callable. */
export class Callable {}

/**
 * Godot 4's `Signal` as a value: its name and the instance id of the object that owns it.
 * (Named `GodotSignal` so it does not clash with this library's `Signal` event class.)
 */
export class GodotSignal {
  readonly name: string;
  readonly objectId: bigint;
  constructor(name = '', objectId = 0n) {
    this.name = name;
    this.objectId = objectId;
  }
}
