extends Node
# A small WebRTC game: it joins a lobby through a signaling server with the client script at
# {{CLIENT}} (ours, client/signaling_client.gd, or the demo's multiplayer_client.gd, which share
# an API), plays rpc() over WebRTC data channels with the others, and keeps playing after the
# signaling connection has closed (the host seals the lobby once every peer said hello).

const URL := "{{URL}}"
const LOBBY := "{{LOBBY}}"
const MESH := {{MESH}}
## How many other games this one should see.
const OTHERS := {{OTHERS}}

var client: Node
var hellos := {}
var afters := {}
var said_hello := false


func _ready() -> void:
	client = load("{{CLIENT}}").new()
	client.name = "Client"
	add_child(client)
	client.lobby_joined.connect(func(lobby: String) -> void: print("lobby ", lobby))
	client.connected.connect(func(id: int, mesh: bool) -> void: print("id %d mesh %s" % [id, mesh]))
	client.lobby_sealed.connect(func() -> void: print("sealed"))
	client.disconnected.connect(_on_signaling_closed)
	multiplayer.peer_connected.connect(_on_peer_connected)
	client.start(URL, LOBBY, MESH)


func _on_peer_connected(id: int) -> void:
	print("rtc peer %d" % id)
	if multiplayer.get_peers().size() == OTHERS and not said_hello:
		said_hello = true
		hello.rpc("hi from %d" % multiplayer.get_unique_id())


@rpc("any_peer", "call_remote", "reliable")
func hello(text: String) -> void:
	var sender := multiplayer.get_remote_sender_id()
	hellos[sender] = text
	print("hello from %d: %s" % [sender, text])
	if multiplayer.get_unique_id() == 1 and hellos.size() == OTHERS:
		print("seal ", client.seal_lobby())


func _on_signaling_closed() -> void:
	print("signaling closed %d %s" % [client.code, client.reason])
	after.rpc("still here")


@rpc("any_peer", "call_remote", "reliable")
func after(text: String) -> void:
	var sender := multiplayer.get_remote_sender_id()
	afters[sender] = text
	print("after from %d: %s (signaling %s)" % [sender, text, "closed" if client.sealed else "open"])
