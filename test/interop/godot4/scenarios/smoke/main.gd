extends Node
# Smoke scenario: prints a few lines (one of them from a value filled in at test time, one from
# a script in a subfolder of the pack), one stderr line, and quits with a code.

const Util := preload("res://lib/util.gd")


func _ready() -> void:
	print("hello from godot ", Engine.get_version_info().string)
	print("greeting={{GREETING}} ", Util.shout("{{GREETING}}"))
	print(1 + 2, " ", [1, "two"], " ", {"k": true})
	printerr("to stderr")
	get_tree().quit(7)
