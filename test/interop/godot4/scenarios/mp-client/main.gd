extends Node
# A Godot 4 game client as a game would write it, against a stand-in server at {{URL}}:
# first /bad-id (the server sends id 1, which a client must refuse), then /game.

var step := "bad-id"


func _ready() -> void:
	multiplayer.connected_to_server.connect(_on_connected)
	multiplayer.connection_failed.connect(_on_failed)
	multiplayer.server_disconnected.connect(_on_server_disconnected)
	multiplayer.peer_connected.connect(_on_peer_connected)
	multiplayer.peer_disconnected.connect(func(id: int) -> void: print("peer_disconnected ", id))
	multiplayer.peer_packet.connect(
		func(id: int, data: PackedByteArray) -> void: print("peer_packet ", id, " ", data.hex_encode())
	)
	join("/bad-id")


func join(path: String) -> void:
	var peer := WebSocketMultiplayerPeer.new()
	print(path, " create_client ", peer.create_client("{{URL}}" + path))
	multiplayer.multiplayer_peer = peer


@rpc("any_peer", "call_remote", "reliable")
func hello(n: int, text: String) -> void:
	print("hello from ", multiplayer.get_remote_sender_id(), " ", n, " ", text)


@rpc("any_peer", "call_remote", "reliable")
func move(to: Vector2) -> void:
	print("move from ", multiplayer.get_remote_sender_id(), " ", to)


func _on_failed() -> void:
	print("connection_failed")
	if step == "bad-id":
		step = "game"
		join.call_deferred("/game")


func _on_connected() -> void:
	print("connected_to_server id ", multiplayer.get_unique_id())
	hello.rpc_id(1, 42, "to server")
	hello.rpc_id(1, 43, "again")
	move.rpc(Vector2(1.5, -2))
	hello.rpc_id(77, 44, "to 77")
	multiplayer.send_bytes(PackedByteArray([1, 2, 3]), 1)
	multiplayer.send_bytes(PackedByteArray([4, 5]))
	multiplayer.send_bytes(PackedByteArray([0xff]), 1)


# Once the server announces peer 77: an rpc to it, an rpc to everyone, then a marker.
func _on_peer_connected(id: int) -> void:
	print("peer_connected ", id)
	if id == 77:
		hello.rpc_id(77, 45, "to 77")
		move.rpc(Vector2(3, 4))
		multiplayer.send_bytes(PackedByteArray([0xfe]), 1)


func _on_server_disconnected() -> void:
	print("server_disconnected")
	get_tree().quit(0)
