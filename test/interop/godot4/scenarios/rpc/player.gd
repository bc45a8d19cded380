extends "res://base.gd"
# The player node, at /root/Main/Player: RPC methods aim (inherited) and move, in that order.


@rpc("any_peer")
func move(steps: int) -> void:
	print("move ", steps)


@rpc
func teleport(to: Vector2) -> void:
	print("teleport ", to, " from ", multiplayer.get_remote_sender_id())
