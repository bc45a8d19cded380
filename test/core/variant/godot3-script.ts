// GDScript 3 sources generated from the shared cases: one dumps var2bytes, one checks bytes2var.
import type { Godot3Case } from './godot3-cases.js';

/** A SceneTree script printing `V <index> <hex of var2bytes>` for each case. */
export function dumpScript(cases: readonly Godot3Case[]): string {
  const lines = ['extends SceneTree', '', 'func _init():'];
  cases.forEach((c, i) => {
    lines.push(
      `\tprint("V ${i} " + var2bytes(${c.gd}, ${c.objects ? 'true' : 'false'}).hex_encode())`,
    );
  });
  lines.push('\tvar ref = Reference.new()');
  lines.push('\tprint("O %d %s" % [ref.get_instance_id(), var2bytes(ref).hex_encode()])');
  lines.push('\tquit(0)', '');
  return lines.join('\n');
}

const helpers = `
func from_hex(h):
	var out = PoolByteArray()
	for i in range(0, h.length(), 2):
		out.append(("0x" + h.substr(i, 2)).hex_to_int())
	return out

func deep_equal(a, b):
	if typeof(a) != typeof(b):
		return false
	match typeof(a):
		TYPE_REAL:
			if is_nan(a) and is_nan(b):
				return true
			return a == b
		TYPE_ARRAY:
			if a.size() != b.size():
				return false
			for i in range(a.size()):
				if not deep_equal(a[i], b[i]):
					return false
			return true
		TYPE_DICTIONARY:
			if a.size() != b.size():
				return false
			for k in a.keys():
				if not b.has(k) or not deep_equal(a[k], b[k]):
					return false
			return true
	return a == b
`;

/**
 * A SceneTree script that decodes each hex string with `bytes2var(…, true)` and prints
 * `R <index> OK` when the result equals the case's own GDScript value, else `R <index> BAD …`.
 */
export function checkScript(cases: readonly Godot3Case[], hexes: readonly string[]): string {
  const lines = ['extends SceneTree', helpers, 'func _init():', '\tvar v'];
  cases.forEach((c, i) => {
    const cond = c.check ?? `deep_equal(v, ${c.gd})`;
    lines.push(`\tv = bytes2var(from_hex("${hexes[i]}"), true)`);
    lines.push(
      `\tprint("R ${i} " + ("OK" if (${cond}) else "BAD " + str(typeof(v)) + " " + str(v)))`,
    );
  });
  lines.push('\tquit(0)', '');
  return lines.join('\n');
}
