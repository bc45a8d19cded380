extends Node
# Player {{NAME}} joins the room at {{URL}} of a multi-room server. It should meet the server
# (peer 1) and exactly one other player, its room-mate: it greets every player it sees with
# rpc() and tells the server (send_bytes to 1) each greeting it gets. "bye" from the server
# ends it.


func _ready() -> void:
	multiplayer.connected_to_server.connect(
		func() -> void: print("connected ", multiplayer.get_unique_id())
	)
	multiplayer.connection_failed.connect(_on_connection_failed)
	multiplayer.server_disconnected.connect(func() -> void: print("server_disconnected"))
	multiplayer.peer_connected.connect(_on_peer_connected)
	multiplayer.peer_packet.connect(_on_peer_packet)
	var peer := WebSocketMultiplayerPeer.new()
	# Several engines start at once on a small machine: a game's first frames can come seconds
	# late, and the default 3 s would fail a join the server has already admitted.
	peer.handshake_timeout = 30.0
	print("create_client ", peer.create_client("{{URL}}"))
	multiplayer.multiplayer_peer = peer


func _on_connection_failed() -> void:
	print("connection_failed")
	get_tree().quit(1)


func _on_peer_connected(id: int) -> void:
	if id == 1:
		return
	var peers := multiplayer.get_peers()
	peers.sort()
	print("peers ", peers)
	hello.rpc("{{NAME}}")


func _on_peer_packet(_id: int, data: PackedByteArray) -> void:
	if data.get_string_from_utf8() == "bye":
		get_tree().quit(0)


@rpc("any_peer", "call_remote", "reliable")
func hello(from_name: String) -> void:
	var sender := multiplayer.get_remote_sender_id()
	print("hello from ", from_name, " ", sender)
	multiplayer.send_bytes(("greeted by %s %d" % [from_name, sender]).to_utf8_buffer(), 1)
