extends Node
# A Godot 3 player of the lobby in examples/lobby.mjs: say hello, get ready, roll the dice when
# the round starts. Run the server with `npx godot-ws serve --mode godot3 --script
# examples/lobby.mjs`, attach this script to a node of your main scene, run two instances.
# Only the server (peer 1) is believed: another player could send anything.

export var server_url = "ws://127.0.0.1:9080/lobby"
export var player_name = "Ann"

var client = WebSocketClient.new()


func _ready():
	get_tree().connect("connected_to_server", self, "_on_connected")
	get_tree().connect("connection_failed", self, "_on_failed")
	multiplayer.connect("network_peer_packet", self, "_on_packet")
	client.connect_to_url("%s?name=%s" % [server_url, player_name.http_escape()], PoolStringArray(), true)
	get_tree().network_peer = client


func _on_connected():
	print("joined as ", get_tree().get_network_unique_id())
	_send({"type": "chat", "text": "hello from %s" % player_name})
	_send({"type": "ready"})


func _on_failed():
	print("could not join")


func _send(message):
	multiplayer.send_bytes(to_json(message).to_utf8(), 1)


func _on_packet(id, data):
	if id != 1:
		return
	var m = parse_json(data.get_string_from_utf8())
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
