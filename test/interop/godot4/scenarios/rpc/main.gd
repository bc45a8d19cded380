extends Node
# Player {{NAME}} of a game whose logic runs on a Node server (peer 1) at {{URL}}. The server
# steers it with send_bytes: "first" / "second" → calls to the server's RPCs (rpc_id(1, …)),
# "all" → rpc() to everyone, "bye" → quit. It reports with send_bytes to peer 1.
# The RPC methods are declared out of order on purpose: Godot numbers them by name.

var player: Node


func _ready() -> void:
	player = Node.new()
	player.name = "Player"
	player.set_script(load("res://player.gd"))
	add_child(player)
	multiplayer.connected_to_server.connect(_on_connected)
	multiplayer.server_disconnected.connect(func() -> void: get_tree().quit(2))
	multiplayer.peer_packet.connect(_on_peer_packet)
	var peer := WebSocketMultiplayerPeer.new()
	print("create_client ", peer.create_client("{{URL}}"))
	multiplayer.multiplayer_peer = peer


@rpc("any_peer")
func submit_move(x: int, speed: float, label: String, at: Vector2, path: Array, extra: Dictionary) -> void:
	print("submit_move ", [x, speed, label, at, path, extra])


@rpc("authority", "call_remote", "reliable")
func show_result(text: String, score: int) -> void:
	print("show_result ", text, " ", score, " from ", multiplayer.get_remote_sender_id())
	multiplayer.send_bytes(("ran show_result %s %d" % [text, score]).to_utf8_buffer(), 1)


@rpc("any_peer", "call_local", "reliable")
func chat(text: String) -> void:
	var from := multiplayer.get_remote_sender_id()
	print("chat from ", "me" if from == multiplayer.get_unique_id() else "peer", ": ", text)
	if from != multiplayer.get_unique_id():
		multiplayer.send_bytes(("got chat from %d: %s" % [from, text]).to_utf8_buffer(), 1)


@rpc
func Zeta() -> void:
	print("Zeta from ", multiplayer.get_remote_sender_id())
	multiplayer.send_bytes("ran Zeta".to_utf8_buffer(), 1)


@rpc("any_peer")
func _hidden(data: PackedByteArray) -> void:
	print("_hidden ", data)


func _on_connected() -> void:
	print("connected_to_server")
	multiplayer.send_bytes(("ready {{NAME}} %d" % multiplayer.get_unique_id()).to_utf8_buffer(), 1)


func _on_peer_packet(_id: int, data: PackedByteArray) -> void:
	var word := data.get_string_from_utf8()
	print("bytes from server: ", word)
	match word:
		"first":
			rpc_id(1, "submit_move", 7, 2.5, "hi", Vector2(1.5, -2), [1, "two"], {"k": 3})
			rpc_id(1, "Zeta")
			rpc_id(1, "_hidden", PackedByteArray([1, 2, 3]))
			player.rpc_id(1, "move", 300)
			player.rpc_id(1, "aim", 0.5)
			multiplayer.send_bytes("sent first".to_utf8_buffer(), 1)
		"second":
			rpc_id(1, "submit_move", 100000, -0.1, "é", Vector2(0, 0), [], {})
			player.rpc_id(1, "move", -70000)
			multiplayer.send_bytes("sent second".to_utf8_buffer(), 1)
		"all":
			rpc("chat", "hello all from {{NAME}}")
			multiplayer.send_bytes("sent all".to_utf8_buffer(), 1)
		"bye":
			get_tree().quit(0)
