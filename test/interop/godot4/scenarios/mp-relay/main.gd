extends Node
# Player {{NAME}} of a three-player Godot 4 game, joining a server at {{URL}} that asks for a
# login token ({{TOKEN}}). The server (Node code, peer 1) drives the round with send_bytes:
#   "go"    → player A calls hello() on player B; B then calls shout() on everyone;
#   "leave" → this player quits;   "bye" → this player quits at the end.
# Each player tells the server what it saw with send_bytes (to peer 1).

const PLAYERS := 3

var joined: Array[int] = []
var ids := {}  # name → id, from the server's "go" message


func _ready() -> void:
	multiplayer.auth_callback = _on_auth
	multiplayer.peer_authenticating.connect(_on_peer_authenticating)
	multiplayer.peer_authentication_failed.connect(
		func(id: int) -> void: print("authentication failed with ", id)
	)
	multiplayer.connected_to_server.connect(_on_connected)
	multiplayer.connection_failed.connect(_on_connection_failed)
	multiplayer.server_disconnected.connect(_on_server_disconnected)
	multiplayer.peer_connected.connect(_on_peer_connected)
	multiplayer.peer_disconnected.connect(_on_peer_disconnected)
	multiplayer.peer_packet.connect(_on_peer_packet)
	var peer := WebSocketMultiplayerPeer.new()
	print("create_client ", peer.create_client("{{URL}}"))
	multiplayer.multiplayer_peer = peer


# The server wants to know who we are: send the token.
func _on_peer_authenticating(id: int) -> void:
	print("authenticating with ", id)
	multiplayer.send_auth(id, "{{TOKEN}}".to_utf8_buffer())


# The server's answer to our token; accept it.
func _on_auth(id: int, data: PackedByteArray) -> void:
	print("auth data from ", id, ": ", data.get_string_from_utf8())
	multiplayer.complete_auth(id)


func _on_connected() -> void:
	print("connected_to_server")
	_check_lobby()


func _on_connection_failed() -> void:
	print("connection_failed")
	get_tree().quit(1)


func _on_server_disconnected() -> void:
	print("server_disconnected")
	get_tree().quit(2)


func _on_peer_connected(id: int) -> void:
	joined.append(id)
	_check_lobby()


func _on_peer_disconnected(id: int) -> void:
	print("peer_disconnected ", _name_of(id))
	multiplayer.send_bytes(("saw %s leave" % _name_of(id)).to_utf8_buffer(), 1)


# Once the server and both other players are known, report to the server.
func _check_lobby() -> void:
	if multiplayer.get_peers().size() == PLAYERS and multiplayer.multiplayer_peer.get_connection_status() == MultiplayerPeer.CONNECTION_CONNECTED:
		var peers := multiplayer.get_peers()
		peers.sort()
		joined.sort()
		print("lobby peers ", peers, " peer_connected ", joined)
		multiplayer.send_bytes(("ready {{NAME}} %d" % multiplayer.get_unique_id()).to_utf8_buffer(), 1)


func _on_peer_packet(id: int, data: PackedByteArray) -> void:
	var words := data.get_string_from_utf8().split(" ")
	print("bytes from ", id, ": ", words[0])
	match words[0]:
		"go":
			for pair in words.slice(1):
				ids[pair.get_slice("=", 0)] = int(pair.get_slice("=", 1))
			print("I am ", _name_of(multiplayer.get_unique_id()))
			if "{{NAME}}" == "A":
				hello.rpc_id(ids["B"], "hi B")
		"leave", "bye":
			get_tree().quit(0)


func _name_of(id: int) -> String:
	for player in ids:
		if ids[player] == id:
			return player
	return "server" if id == 1 else str(id)


@rpc("any_peer", "call_remote", "reliable")
func hello(text: String) -> void:
	print("hello from ", _name_of(multiplayer.get_remote_sender_id()), ": ", text)
	shout.rpc("B calls everyone")


@rpc("any_peer", "call_remote", "reliable")
func shout(text: String) -> void:
	print("shout from ", _name_of(multiplayer.get_remote_sender_id()), ": ", text)
	multiplayer.send_bytes("got shout".to_utf8_buffer(), 1)
