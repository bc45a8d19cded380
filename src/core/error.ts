// Godot's Error numbers, as core/ and the layers above import them. The table itself is in
// src/shared/error.ts, the lowest layer, because protocol/ (below core/) reports in it too.
export { Error, errorName, GodotError } from '../shared/error.js';
