extends Node
# A Godot 4 player of the lobby in examples/lobby.mjs: say hello, get ready, roll the dice when
# the round starts. Run the server with `npx godot-ws serve --script examples/lobby.mjs`, attach
# this script to a node of your main scene and run two or more instances.
# Only the server (peer 1) is believed: another player could send anything.

@export var server_url := "ws://127.0.0.1:9080/lobby"
@export var player_name := "Ann"


func _ready() -> void:
	var scene := multiplayer as SceneMultiplayer
	scene.peer_packet.connect(_on_packet)
	multiplayer.connected_to_server.connect(_on_connected)
	multiplayer.connection_failed.connect(func() -> void: print("could not join"))
	var peer := WebSocketMultiplayerPeer.new()
	peer.create_client("%s?name=%s" % [server_url, player_name.uri_encode()])
	multiplayer.multiplayer_peer = peer


func _on_connected() -> void:
	print("joined as ", multiplayer.get_unique_id())
	_send({"type": "chat", "text": "hello from %s" % player_name})
	_send({"type": "ready"})


func _send(message: Dictionary) -> void:
	(multiplayer as SceneMultiplayer).send_bytes(JSON.stringify(message).to_utf8_buffer(), 1)


func _on_packet(id: int, data: PackedByteArray) -> void:
	if id != 1:
		return
	var m: Dictionary = JSON.parse_string(data.get_string_from_utf8())
	match m.type:
		"welcome":
			print("in the lobby with ", m.players.size() - 1, " other player(s)")
		"joined":
			print(m.name, " joined")
		"chat":
			print(m.name, ": ", m.text)
		"start":
			print("everyone is ready")
			_send({"type": "roll"})
		"dice":
			print(m.name, " rolled ", int(m.value))
		"left":
			print("player ", int(m.id), " left")
