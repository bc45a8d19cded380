extends Node
# A Godot 4 WebSocketPeer client against our Node server-side WebSocketPeer at {{URL}}:
# subprotocol choice, text and binary echo of 0 B to 1 MiB, closes started by either side, and
# handshakes the server refuses (no common subprotocol).

const URL := "{{URL}}"
const SIZES := [0, 1, 125, 126, 65536, 1048576]
const WAIT_MS := 10000


func payload(size: int, text: bool) -> PackedByteArray:
	var bytes := PackedByteArray()
	bytes.resize(size)
	for i in size:
		bytes[i] = (97 + i % 26) if text else (i * 7 + 3) % 256
	return bytes


func poll_until(ws: WebSocketPeer, done: Callable) -> bool:
	var until := Time.get_ticks_msec() + WAIT_MS
	while not done.call() and Time.get_ticks_msec() < until:
		await get_tree().process_frame
		ws.poll()
	return done.call()


func wait_state(ws: WebSocketPeer, state: int) -> bool:
	return await poll_until(ws, func() -> bool: return ws.get_ready_state() == state)


func open(path: String, protocols: PackedStringArray) -> WebSocketPeer:
	var ws := WebSocketPeer.new()
	ws.inbound_buffer_size = 4 * 1024 * 1024
	ws.outbound_buffer_size = 4 * 1024 * 1024
	ws.supported_protocols = protocols
	var err := ws.connect_to_url(URL + path)
	await poll_until(ws, func() -> bool: return ws.get_ready_state() != WebSocketPeer.STATE_CONNECTING)
	print(path, " connect ", err, " state ", ws.get_ready_state(), " protocol ", JSON.stringify(ws.get_selected_protocol()))
	return ws


func print_closed(ws: WebSocketPeer, path: String) -> void:
	print(path, " closed ", ws.get_close_code(), " ", JSON.stringify(ws.get_close_reason()))


func _ready() -> void:
	# The server supports ["chat", "godot-echo"]; the first of the client's list it knows wins.
	var ws := await open("/echo", PackedStringArray(["chat-v9", "godot-echo", "chat"]))
	for size in SIZES:
		for text in [true, false]:
			var sent := payload(size, text)
			var err := ws.send_text(sent.get_string_from_ascii()) if text else ws.send(sent)
			await poll_until(ws, func() -> bool: return ws.get_available_packet_count() > 0)
			var got := ws.get_packet()
			var kind := "text" if text else "binary"
			print(kind, " ", size, " sent ", err, " back ", got.size(), " string ", ws.was_string_packet(), " same ", got == sent)
	ws.close(4000, "client done ✓")
	print("/echo state after close() ", ws.get_ready_state())
	await wait_state(ws, WebSocketPeer.STATE_CLOSED)
	print_closed(ws, "/echo")

	# The server closes, with a code and a reason of 123 bytes (the most a close frame holds).
	ws = await open("/server-close", PackedStringArray(["chat"]))
	ws.send_text("close please")
	await wait_state(ws, WebSocketPeer.STATE_CLOSED)
	print_closed(ws, "/server-close")

	# No subprotocol in common, and none offered to a server that has a list: both refused.
	ws = await open("/mismatch", PackedStringArray(["nope"]))
	print_closed(ws, "/mismatch")
	ws = await open("/none", PackedStringArray())
	print_closed(ws, "/none")
	get_tree().quit(0)
