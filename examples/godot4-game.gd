# A Godot 4 game joining `npx godot-ws serve` (or `npm start`): attach to any node of the main
# scene and run. Every game that joins sees the others; send_bytes / rpc reach them through
# the relay.
extends Node


func _ready() -> void:
	multiplayer.connected_to_server.connect(func(): print("joined as ", multiplayer.get_unique_id()))
	multiplayer.peer_connected.connect(func(id: int): print("peer ", id, " is here"))
	multiplayer.peer_packet.connect(
		func(id: int, data: PackedByteArray): print("bytes from ", id, ": ", data.get_string_from_utf8())
	)
	multiplayer.server_disconnected.connect(func(): print("server left"); get_tree().quit())
	var peer := WebSocketMultiplayerPeer.new()
	peer.create_client("ws://127.0.0.1:9080")
	multiplayer.multiplayer_peer = peer
