import type { Variant } from './variant.js';

/**
 * The element (or key/value) type of a Godot 4 typed container, as sent on the wire:
 * a builtin type id (`Array[int]` → `{ kind: 'builtin', type: VariantType.INT }`), a class name
 * (`Array[Node]`) or a script path (`Array[MyClass]`, only with full objects).
 */
export type ContainerType =
  | { readonly kind: 'builtin'; readonly type: number }
  | { readonly kind: 'class'; readonly className: string }
  | { readonly kind: 'script'; readonly path: string };

/** A Godot 4 typed array (`Array[int]`, `Array[Node]`…). Untyped arrays are plain JS arrays. */
export class TypedArray {
  elementType: ContainerType;
  values: Variant[];
  constructor(elementType: ContainerType, values: Variant[] = []) {
    this.elementType = elementType;
    this.values = values;
  }
}

/**
 * A Godot 4.4+ typed dictionary (`Dictionary[String, int]`). `null` means that side is untyped.
 * Untyped dictionaries are plain `Map`s (or plain objects when encoding).
 */
export class TypedDictionary {
  keyType: ContainerType | null;
  valueType: ContainerType | null;
  entries: Map<Variant, Variant>;
  constructor(
    keyType: ContainerType | null,
    valueType: ContainerType | null,
    entries: Map<Variant, Variant> = new Map(),
  ) {
    this.keyType = keyType;
    this.valueType = valueType;
    this.entries = entries;
  }
}
