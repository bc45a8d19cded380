// Our own GDScript (Godot 3.2) programs for the real-engine tests. Each one is a SceneTree
// script run with `-s main.gd`; it prints one line per event for the test to read, and quits
// by itself (the test's deadline kills it otherwise).

/** A project file so `res://` is the run's directory. */
export const PROJECT = 'config_version=4\n';

/** The node whose RPCs the multiplayer scripts call (same path, /root/Harness, everywhere). */
export const HARNESS = `extends Node

remote func hello(m):
	print("HELLO ", get_tree().get_rpc_sender_id(), " ", m)

remote func shout(m):
	print("SHOUT ", get_tree().get_rpc_sender_id(), " ", m)

remote func to_server(m):
	pass
`;

const harnessSetup = `	harness = Node.new()
	harness.set_script(load("res://harness.gd"))
	harness.name = "Harness"
	root.add_child(harness)
	multiplayer.connect("network_peer_packet", self, "_raw")
`;

const rawPrinter = `func _raw(id, packet):
	print("RAW ", id, " ", packet.hex_encode())
`;

/**
 * A Godot 3 multiplayer client (gd_mp_api = true). Role "A": on seeing another peer, rpc_id's
 * it; on joining, rpc_id's the server. Role "B": on seeing another peer, rpc's everyone.
 * Leaves when the server is lost; B also leaves when a peer goes away.
 */
export function mpClientScript(url: string, role: 'A' | 'B'): string {
  return `extends SceneTree

var client = WebSocketClient.new()
var harness

func _initialize():
${harnessSetup}	# The SceneTree's signals come after its MultiplayerAPI has seen the change.
	connect("connected_to_server", self, "_ok")
	connect("connection_failed", self, "_failed")
	connect("network_peer_connected", self, "_peer")
	connect("network_peer_disconnected", self, "_peer_del")
	client.connect("server_close_request", self, "_close_req")
	print("CONNECT ", client.connect_to_url("${url}", PoolStringArray(), true))
	network_peer = client

func _ok():
	print("OK ", get_network_unique_id())
	if "${role}" == "A":
		harness.rpc_id(1, "to_server", "A to server")
		multiplayer.send_bytes(PoolByteArray([1, 2, 3]), 1)

func _failed():
	print("FAILED")
	quit(0)

func _close_req(code, reason):
	print("CLOSE_REQUEST ", code, " [", reason, "]")

func _peer(id):
	print("PEER ", id)
	if id == 1:
		return
	if "${role}" == "A":
		harness.rpc_id(id, "hello", "from A")
	else:
		harness.rpc("shout", "from B")

func _peer_del(id):
	print("PEER_DEL ", id)
	if "${role}" == "B":
		quit(0)

${rawPrinter}`;
}

/** A Godot 3 multiplayer server (gd_mp_api = true) that greets each peer with raw bytes. */
export function mpServerScript(port: number): string {
  return `extends SceneTree

var server = WebSocketServer.new()
var harness

func _initialize():
${harnessSetup}	connect("network_peer_connected", self, "_peer")
	connect("network_peer_disconnected", self, "_peer_del")
	print("LISTEN ", server.listen(${port}, PoolStringArray(), true))
	network_peer = server

func _peer(id):
	print("PEER ", id)
	multiplayer.send_bytes(PoolByteArray([9, 8, 7]), id)

func _peer_del(id):
	print("PEER_DEL ", id)

${rawPrinter}`;
}

/** GDScript that fills \`arr\` with \`n\` bytes of the pattern i * 7 + n (mod 256). */
const patternFunc = `func pattern(n):
	var arr = PoolByteArray()
	arr.resize(n)
	for i in range(n):
		arr[i] = (i * 7 + n) % 256
	return arr

func check(arr, n):
	if arr.size() != n:
		return false
	for i in range(n):
		if arr[i] != (i * 7 + n) % 256:
			return false
	return true
`;

/** Sizes of the binary messages the raw-mode scripts exchange (up to 1 MiB). */
export const RAW_SIZES = [1, 125, 65536, 1 << 20];

/** The pattern the scripts use, for the Node side. */
export function pattern(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + n) % 256;
  return out;
}

/**
 * A Godot 3 raw-mode client: offers protocols foo,bar; sends "héllo" as text and the pattern
 * at each size as binary; checks the echoes; then either closes (4001, "bye") or waits for the
 * server to close.
 */
export function rawClientScript(url: string, closeItself: boolean): string {
  return `extends SceneTree

var client = WebSocketClient.new()
var expected = []

func _initialize():
	client.set_buffers(4096, 1024, 4096, 1024)
	client.connect("connection_established", self, "_established")
	client.connect("connection_error", self, "_error")
	client.connect("connection_closed", self, "_closed")
	client.connect("server_close_request", self, "_close_req")
	client.connect("data_received", self, "_data")
	print("CONNECT ", client.connect_to_url("${url}", PoolStringArray(["foo", "bar"])))

func _idle(_delta):
	client.poll()

func _established(protocol):
	print("ESTABLISHED ", protocol)
	var peer = client.get_peer(1)
	peer.set_write_mode(WebSocketPeer.WRITE_MODE_TEXT)
	peer.put_packet("héllo".to_utf8())
	expected.append(-1)
	peer.set_write_mode(WebSocketPeer.WRITE_MODE_BINARY)
	for n in ${JSON.stringify(RAW_SIZES)}:
		peer.put_packet(pattern(n))
		expected.append(n)

func _data():
	var peer = client.get_peer(1)
	var pkt = peer.get_packet()
	var n = expected.pop_front()
	if n == -1:
		print("ECHO text ", peer.was_string_packet(), " ", pkt.get_string_from_utf8())
	else:
		print("ECHO ", n, " ", peer.was_string_packet(), " ", check(pkt, n))
	if expected.empty():
		if ${closeItself ? 'true' : 'false'}:
			client.disconnect_from_host(4001, "bye")
		else:
			print("WAITING")

func _close_req(code, reason):
	print("CLOSE_REQUEST ", code, " [", reason, "]")

func _closed(clean):
	print("CLOSED ", clean)
	quit(0)

func _error():
	print("ERROR")
	quit(1)

${patternFunc}`;
}

/**
 * A Godot 3 raw-mode echo server accepting protocol "bar". A text message "kick" makes it close
 * that peer with (4002, "server bye") instead of echoing.
 */
export function rawServerScript(port: number): string {
  return `extends SceneTree

var server = WebSocketServer.new()

func _initialize():
	server.set_buffers(4096, 1024, 4096, 1024)
	server.connect("client_connected", self, "_connected")
	server.connect("client_disconnected", self, "_disconnected")
	server.connect("client_close_request", self, "_close_req")
	server.connect("data_received", self, "_data")
	print("LISTEN ", server.listen(${port}, PoolStringArray(["bar"])))

func _idle(_delta):
	server.poll()

func _connected(id, protocol):
	print("CONNECTED ", id, " ", protocol)

func _data(id):
	var peer = server.get_peer(id)
	var pkt = peer.get_packet()
	var text = peer.was_string_packet()
	if text and pkt.get_string_from_utf8() == "kick":
		server.disconnect_peer(id, 4002, "server bye")
		return
	peer.set_write_mode(WebSocketPeer.WRITE_MODE_TEXT if text else WebSocketPeer.WRITE_MODE_BINARY)
	peer.put_packet(pkt)

func _close_req(id, code, reason):
	print("CLOSE_REQUEST ", id, " ", code, " [", reason, "]")

func _disconnected(id, clean):
	print("DISCONNECTED ", id, " ", clean)
`;
}
