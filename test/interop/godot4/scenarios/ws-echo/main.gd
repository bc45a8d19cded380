extends Node
# A Godot 4 WebSocketPeer client against an echo server at {{URL}}: text and binary messages of
# 0 B, 1 B, 125 B, 126 B, 64 KiB and 1 MiB come back whole and of the same kind; then the
# client closes with 4000 "done".

const SIZES := [0, 1, 125, 126, 65536, 1048576]
const WAIT_MS := 10000

var ws := WebSocketPeer.new()


func payload(size: int, text: bool) -> PackedByteArray:
	var bytes := PackedByteArray()
	bytes.resize(size)
	for i in size:
		bytes[i] = (97 + i % 26) if text else (i * 7 + 3) % 256
	return bytes


func poll_until(done: Callable) -> bool:
	var until := Time.get_ticks_msec() + WAIT_MS
	while not done.call() and Time.get_ticks_msec() < until:
		await get_tree().process_frame
		ws.poll()
	return done.call()


func _ready() -> void:
	ws.inbound_buffer_size = 4 * 1024 * 1024
	ws.outbound_buffer_size = 4 * 1024 * 1024
	ws.supported_protocols = PackedStringArray(["godot-echo"])
	print("connect ", ws.connect_to_url("{{URL}}"))
	await poll_until(func() -> bool: return ws.get_ready_state() != WebSocketPeer.STATE_CONNECTING)
	print("state ", ws.get_ready_state(), " protocol ", ws.get_selected_protocol())
	for size in SIZES:
		for text in [true, false]:
			var sent := payload(size, text)
			var err := ws.send_text(sent.get_string_from_ascii()) if text else ws.send(sent)
			await poll_until(func() -> bool: return ws.get_available_packet_count() > 0)
			var got := ws.get_packet()
			var kind := "text" if text else "binary"
			print(kind, " ", size, " sent ", err, " back ", got.size(), " string ", ws.was_string_packet(), " same ", got == sent)
	ws.close(4000, "done")
	await poll_until(func() -> bool: return ws.get_ready_state() == WebSocketPeer.STATE_CLOSED)
	print("closed ", ws.get_close_code(), " ", JSON.stringify(ws.get_close_reason()))
	get_tree().quit(0)
