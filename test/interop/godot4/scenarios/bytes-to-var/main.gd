extends Node
# Decodes each input of res://input.json ({"name": "hex", ...}, put into the pack at test time)
# with bytes_to_var and prints one verdict line per input:
#   OK <name> <bytes used> <var_to_bytes(value) as hex, or - if empty> <var_to_str(value) as JSON>
#   BAD <name>      (decoding failed: decode_var_size, the same decoder, reports 0 bytes used)
# Before each decode it writes "CASE <name>" to stderr, so engine errors can be told apart.


func _ready() -> void:
	var text := FileAccess.get_file_as_string("res://input.json")
	var inputs = JSON.parse_string(text)
	if typeof(inputs) != TYPE_DICTIONARY:
		printerr("input.json is not a JSON object")
		get_tree().quit(2)
		return
	for name in inputs:
		var bytes: PackedByteArray = String(inputs[name]).hex_decode()
		printerr("CASE ", name)
		# bytes_to_var gives null both for a failure and for encoded null: the size tells.
		var used := bytes.decode_var_size(0) if bytes.size() > 0 else 0
		if used == 0:
			print("BAD ", name)
			continue
		var value = bytes_to_var(bytes)
		var again := var_to_bytes(value).hex_encode()
		print("OK ", name, " ", used, " ", again if again else "-", " ", JSON.stringify(var_to_str(value)))
	print("DONE ", inputs.size())
	get_tree().quit(0)
