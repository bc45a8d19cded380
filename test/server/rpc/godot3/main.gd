extends SceneTree
# Player {{NAME}}: joins {{URL}} (gd_mp_api), then follows the server's send_bytes:
# "first" / "second" → calls to the server (rpc_id(1, …)), "all" → rpc() to everyone, "bye" → quit.

var client = WebSocketClient.new()
var game

func _initialize():
	game = Node.new()
	game.set_script(load("res://game.gd"))
	game.name = "Main"
	root.add_child(game)
	connect("connected_to_server", self, "_ok")
	connect("server_disconnected", self, "_gone")
	multiplayer.connect("network_peer_packet", self, "_raw")
	print("CONNECT ", client.connect_to_url("{{URL}}", PoolStringArray(), true))
	network_peer = client

func _ok():
	print("OK ", get_network_unique_id())
	multiplayer.send_bytes(("ready {{NAME}} %d" % get_network_unique_id()).to_utf8(), 1)

func _gone():
	quit(2)

func _raw(_id, packet):
	var word = packet.get_string_from_utf8()
	print("BYTES ", word)
	if word == "first":
		game.rpc_id(1, "submit_move", 7, 2.5, "hi", Vector2(1.5, -2), [1, "two"], {"k": 3})
		game.rpc_id(1, "secret")
		multiplayer.send_bytes("sent first".to_utf8(), 1)
	elif word == "second":
		game.rpc_id(1, "submit_move", 100000, -0.25, "é", Vector2(0, 0), [], {})
		multiplayer.send_bytes("sent second".to_utf8(), 1)
	elif word == "all":
		game.rpc("chat", "hello all from {{NAME}}")
		multiplayer.send_bytes("sent all".to_utf8(), 1)
	elif word == "bye":
		quit(0)
