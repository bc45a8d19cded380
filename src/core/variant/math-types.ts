/**
 * Godot's math types as small mutable classes. Field names and constructor arguments follow
 * GDScript (`Vector2(x, y)`, `Basis(x_axis, y_axis, z_axis)`, …). The `…i` types hold int32
 * components and are distinct classes, so `Vector2i` never turns into `Vector2` on the wire.
 * Float components are sent as float32 (Godot's default single-precision builds), or float64
 * with `precision: 'double'`; Color is always float32.
 */

/** Godot's `Vector2`: two float components. */
export class Vector2 {
  x: number;
  y: number;
  constructor(x = 0, y = 0) {
    this.x = x;
    this.y = y;
  }
}

/** Godot 4's `Vector2i`: two int32 components. */
export class Vector2i {
  x: number;
  y: number;
  constructor(x = 0, y = 0) {
    this.x = x;
    this.y = y;
  }
}

/** Godot's `Vector3`: three float components. */
export class Vector3 {
  x: number;
  y: number;
  z: number;
  constructor(x = 0, y = 0, z = 0) {
    this.x = x;
    this.y = y;
    this.z = z;
  }
}

/** Godot 4's `Vector3i`: three int32 components. */
export class Vector3i {
  x: number;
  y: number;
  z: number;
  constructor(x = 0, y = 0, z = 0) {
    this.x = x;
    this.y = y;
    this.z = z;
  }
}

/** Godot 4's `Vector4`: four float components. */
export class Vector4 {
  x: number;
  y: number;
  z: number;
  w: number;
  constructor(x = 0, y = 0, z = 0, w = 0) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.w = w;
  }
}

/** Godot 4's `Vector4i`: four int32 components. */
export class Vector4i {
  x: number;
  y: number;
  z: number;
  w: number;
  constructor(x = 0, y = 0, z = 0, w = 0) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.w = w;
  }
}

/** Godot's `Rect2`: position and size (floats). */
export class Rect2 {
  position: Vector2;
  size: Vector2;
  constructor(position = new Vector2(), size = new Vector2()) {
    this.position = position;
    this.size = size;
  }
}

/** Godot 4's `Rect2i`: position and size (int32). */
export class Rect2i {
  position: Vector2i;
  size: Vector2i;
  constructor(position = new Vector2i(), size = new Vector2i()) {
    this.position = position;
    this.size = size;
  }
}

/** Godot's `Transform2D`: the x and y axes (columns) and the origin. Defaults to identity. */
export class Transform2D {
  x: Vector2;
  y: Vector2;
  origin: Vector2;
  constructor(x = new Vector2(1, 0), y = new Vector2(0, 1), origin = new Vector2()) {
    this.x = x;
    this.y = y;
    this.origin = origin;
  }
}

/** Godot's `Plane`: normal and distance `d`. */
export class Plane {
  normal: Vector3;
  d: number;
  constructor(normal = new Vector3(), d = 0) {
    this.normal = normal;
    this.d = d;
  }
}

/** Godot 4's `Quaternion` (Godot 3's `Quat`). Defaults to identity (0, 0, 0, 1). */
export class Quaternion {
  x: number;
  y: number;
  z: number;
  w: number;
  constructor(x = 0, y = 0, z = 0, w = 1) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.w = w;
  }
}

/** Godot's `AABB`: position and size. */
export class AABB {
  position: Vector3;
  size: Vector3;
  constructor(position = new Vector3(), size = new Vector3()) {
    this.position = position;
    this.size = size;
  }
}

/**
 * Godot's `Basis`: the x, y and z axes (columns), as `Basis(x_axis, y_axis, z_axis)` in GDScript.
 * On the wire Godot writes its rows: x.x, y.x, z.x, x.y, y.y, z.y, x.z, y.z, z.z.
 */
export class Basis {
  x: Vector3;
  y: Vector3;
  z: Vector3;
  constructor(x = new Vector3(1, 0, 0), y = new Vector3(0, 1, 0), z = new Vector3(0, 0, 1)) {
    this.x = x;
    this.y = y;
    this.z = z;
  }
}

/** Godot 4's `Transform3D` (Godot 3's `Transform`): basis and origin. Defaults to identity. */
export class Transform3D {
  basis: Basis;
  origin: Vector3;
  constructor(basis = new Basis(), origin = new Vector3()) {
    this.basis = basis;
    this.origin = origin;
  }
}

/** Godot 4's `Projection`: four Vector4 columns x, y, z, w. Defaults to identity. */
export class Projection {
  x: Vector4;
  y: Vector4;
  z: Vector4;
  w: Vector4;
  constructor(
    x = new Vector4(1, 0, 0, 0),
    y = new Vector4(0, 1, 0, 0),
    z = new Vector4(0, 0, 1, 0),
    w = new Vector4(0, 0, 0, 1),
  ) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.w = w;
  }
}

/** Godot's `Color`: r, g, b, a, always sent as float32. */
export class Color {
  r: number;
  g: number;
  b: number;
  a: number;
  constructor(r = 0, g = 0, b = 0, a = 1) {
    this.r = r;
    this.g = g;
    this.b = b;
    this.a = a;
  }
}
