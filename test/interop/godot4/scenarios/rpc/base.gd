extends Node
# The base class of the player node: its @rpc methods count for the node too (Godot copies a
# base script's RPC configuration into the derived script's).


@rpc("any_peer")
func aim(angle: float) -> void:
	print("aim ", angle)
