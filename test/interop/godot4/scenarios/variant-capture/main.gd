extends Node
# Prints var_to_bytes of one value of every Godot 4 Variant type the codec must handle, one line
# per value: "VAR <name> <hex>", then "TXT <name> <type id> <var_to_str as a JSON string>".
# The output becomes test/fixtures/godot4-variants.json (see capture-variants.ts).


# A function, so that -0.0 is computed at run time (the literal -0.0 folds to +0.0).
func negate(x: float) -> float:
	return -x


func cases() -> Array:
	var typed_ints: Array[int] = [1, -2, 3]
	var typed_strings: Array[String] = ["a", "héllo"]
	var typed_vectors: Array[Vector2] = [Vector2(1, 2)]
	var typed_empty: Array[float] = []
	var typed_nodes: Array[Node] = []
	var typed_dict: Dictionary[String, int] = {"a": 1, "b": -2}
	var typed_dict_names: Dictionary[StringName, Vector2i] = {&"p": Vector2i(1, 2)}
	var typed_dict_empty: Dictionary[int, String] = {}
	var typed_dict_key_only: Dictionary[String, Variant] = {"x": [1]}
	return [
		["null", null],
		["bool_true", true],
		["bool_false", false],
		["int_0", 0],
		["int_1", 1],
		["int_neg1", -1],
		["int_max32", 2147483647],
		["int_min32", -2147483648],
		["int_2pow31", 2147483648],
		["int_below_min32", -2147483649],
		["int_2pow32", 4294967296],
		["int_max64", 9223372036854775807],
		["int_min64", -9223372036854775807 - 1],
		["float_0", 0.0],
		["float_neg0", negate(0.0)],
		["float_0_5", 0.5],
		["float_neg_1_25", -1.25],
		["float_0_1", 0.1],
		["float_1e300", 1e300],
		["float_max32", 3.4028234663852886e38],
		["float_1e_45", 1e-45],
		["float_inf", INF],
		["float_neg_inf", -INF],
		["float_nan", NAN],
		["string_empty", ""],
		["string_abc", "abc"],
		["string_abcd", "abcd"],
		["string_unicode", "héllo ✓ 🎮"],
		["string_newline", "a\nb\t\"c\""],
		["vector2", Vector2(1.5, -2.25)],
		["vector2_0_1", Vector2(0.1, 0.2)],
		["vector2i", Vector2i(1, -2)],
		["rect2", Rect2(1, 2, 3.5, -4)],
		["rect2i", Rect2i(1, -2, 3, 4)],
		["vector3", Vector3(1, -2.5, 3)],
		["vector3i", Vector3i(1, -2, 2147483647)],
		["transform2d", Transform2D(Vector2(1, 2), Vector2(3, 4), Vector2(5, 6))],
		["transform2d_identity", Transform2D.IDENTITY],
		["vector4", Vector4(1, -2, 3.5, 0.25)],
		["vector4i", Vector4i(1, -2, 3, -2147483648)],
		["plane", Plane(Vector3(0, 1, 0), 2.5)],
		["quaternion", Quaternion(0.5, -0.5, 0.25, 0.75)],
		["quaternion_identity", Quaternion.IDENTITY],
		["aabb", AABB(Vector3(1, 2, 3), Vector3(4, 5, 6))],
		["basis", Basis(Vector3(1, 2, 3), Vector3(4, 5, 6), Vector3(7, 8, 9))],
		["basis_identity", Basis.IDENTITY],
		["transform3d", Transform3D(Basis(Vector3(1, 2, 3), Vector3(4, 5, 6), Vector3(7, 8, 9)), Vector3(10, 11, 12))],
		["projection", Projection(Vector4(1, 2, 3, 4), Vector4(5, 6, 7, 8), Vector4(9, 10, 11, 12), Vector4(13, 14, 15, 16))],
		["projection_identity", Projection.IDENTITY],
		["color", Color(0.25, 0.5, 0.75, 1.0)],
		["color_0_1", Color(0.1, 0.2, 0.3, 0.4)],
		["string_name", &"hello"],
		["string_name_empty", &""],
		["string_name_unicode", &"héllo"],
		["node_path_absolute", NodePath("/root/Main")],
		["node_path_relative", NodePath("Player/Sprite2D")],
		["node_path_subnames", NodePath("Player/Sprite2D:position:x")],
		["node_path_property_only", NodePath(":modulate")],
		["node_path_parent", NodePath("../Sibling")],
		["node_path_empty", NodePath("")],
		["rid_empty", RID()],
		["callable_empty", Callable()],
		["signal_empty", Signal()],
		["array_empty", []],
		["array_mixed", [1, "two", 3.5, null, true, Vector2(1, 2)]],
		["array_nested", [[1, [2, []]], {"a": [1]}, []]],
		["array_typed_int", typed_ints],
		["array_typed_string", typed_strings],
		["array_typed_vector2", typed_vectors],
		["array_typed_float_empty", typed_empty],
		["array_typed_node_empty", typed_nodes],
		["dictionary_empty", {}],
		["dictionary_mixed", {"a": 1, 2: "b", Vector2(1, 2): null, &"sn": [true]}],
		["dictionary_nested", {"outer": {"inner": {"x": 1.5}}, "list": [{"k": "v"}]}],
		["dictionary_typed_string_int", typed_dict],
		["dictionary_typed_stringname_vector2i", typed_dict_names],
		["dictionary_typed_empty", typed_dict_empty],
		["dictionary_typed_key_only", typed_dict_key_only],
		["packed_byte_array_empty", PackedByteArray()],
		["packed_byte_array", PackedByteArray([0, 1, 127, 128, 255])],
		["packed_int32_array", PackedInt32Array([1, -1, 2147483647, -2147483648])],
		["packed_int32_array_empty", PackedInt32Array()],
		["packed_int64_array", PackedInt64Array([1, -1, 9223372036854775807, -9223372036854775807 - 1])],
		["packed_float32_array", PackedFloat32Array([0.5, -1.25, 0.1])],
		["packed_float64_array", PackedFloat64Array([0.5, 0.1, -1e300])],
		["packed_string_array", PackedStringArray(["a", "", "héllo", "abcd"])],
		["packed_string_array_empty", PackedStringArray()],
		["packed_vector2_array", PackedVector2Array([Vector2(1, 2), Vector2(-0.5, 0.1)])],
		["packed_vector3_array", PackedVector3Array([Vector3(1, 2, 3), Vector3(-0.5, 0.25, 0.1)])],
		["packed_color_array", PackedColorArray([Color(1, 0, 0, 1), Color(0.1, 0.2, 0.3, 0.4)])],
		["packed_vector4_array", PackedVector4Array([Vector4(1, 2, 3, 4), Vector4(-0.5, 0.25, 0.1, 0)])],
		["packed_vector4_array_empty", PackedVector4Array()],
	]


func _ready() -> void:
	var list := cases()
	for entry in list:
		var value = entry[1]
		print("VAR ", entry[0], " ", var_to_bytes(value).hex_encode())
		print("TXT ", entry[0], " ", typeof(value), " ", JSON.stringify(var_to_str(value)))
	print("DONE ", list.size())
	get_tree().quit(0)
