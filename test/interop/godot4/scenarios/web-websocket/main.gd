extends Node
# What Godot's Web WebSocketPeer (browser WebSocket underneath) reports, one connection per
# case, against a server at {{URL}} (each case is a path the server knows). PROTO_URL is the
# same server with a subprotocol list (a Godot-rules server refuses clients that offer none).

const URL := "{{URL}}"
const PROTO_URL := "{{PROTO_URL}}"
const WAIT_MS := 5000


# Polls until the peer reaches `state` (or WAIT_MS passes); prints each state change.
func wait_state(ws: WebSocketPeer, state: int, tag: String) -> bool:
	var last := ws.get_ready_state()
	var until := Time.get_ticks_msec() + WAIT_MS
	while ws.get_ready_state() != state and Time.get_ticks_msec() < until:
		await get_tree().process_frame
		ws.poll()
		if ws.get_ready_state() != last:
			last = ws.get_ready_state()
			print(tag, " state ", last)
	return ws.get_ready_state() == state


# Polls until `count` packets are available (or WAIT_MS passes).
func wait_packets(ws: WebSocketPeer, count: int) -> bool:
	var until := Time.get_ticks_msec() + WAIT_MS
	while ws.get_available_packet_count() < count and Time.get_ticks_msec() < until:
		await get_tree().process_frame
		ws.poll()
	return ws.get_available_packet_count() >= count


func open(path: String, protocols := PackedStringArray()) -> WebSocketPeer:
	var ws := WebSocketPeer.new()
	ws.supported_protocols = protocols
	var err := ws.connect_to_url((PROTO_URL if protocols else URL) + path)
	print(path, " connect ", err, " state ", ws.get_ready_state())
	await wait_state(ws, WebSocketPeer.STATE_OPEN, path)
	return ws


func print_packets(ws: WebSocketPeer, tag: String) -> void:
	while ws.get_available_packet_count() > 0:
		var pkt := ws.get_packet()
		if ws.was_string_packet():
			print(tag, " text ", pkt.get_string_from_utf8())
		else:
			print(tag, " binary ", pkt.hex_encode())


func print_packets_detail(ws: WebSocketPeer, tag: String) -> void:
	while ws.get_available_packet_count() > 0:
		var pkt := ws.get_packet()
		var head := pkt.slice(0, 8).hex_encode()
		print(tag, " packet size ", pkt.size(), " error ", ws.get_packet_error(), " string ", ws.was_string_packet(), " head ", head)


func print_closed(ws: WebSocketPeer, tag: String) -> void:
	print(tag, " closed ", ws.get_close_code(), " ", JSON.stringify(ws.get_close_reason()))


func _ready() -> void:
	var spare := WebSocketPeer.new()
	print("accept_stream ", spare.accept_stream(StreamPeerTCP.new()))
	print("send before connect ", spare.send_text("x"))

	# Echo, subprotocol choice, text and binary, then the server closes with a code and reason.
	# handshake_headers are ignored on the Web (the server reports what arrived).
	var ws := WebSocketPeer.new()
	ws.handshake_headers = PackedStringArray(["X-Godot-Test: 1"])
	ws.supported_protocols = PackedStringArray(["chat", "superchat"])
	print("/echo connect ", ws.connect_to_url(PROTO_URL + "/echo"), " state ", ws.get_ready_state())
	await wait_state(ws, WebSocketPeer.STATE_OPEN, "/echo")
	print("/echo protocol ", ws.get_selected_protocol())
	print("/echo host ", JSON.stringify(ws.get_connected_host()), " port ", ws.get_connected_port())
	print("/echo send text ", ws.send_text("héllo"))
	print("/echo send binary ", ws.send(PackedByteArray([0, 1, 255])))
	print("/echo send empty binary ", ws.send(PackedByteArray()))
	print("/echo send empty text ", ws.send_text(""))
	await wait_packets(ws, 3)
	print_packets(ws, "/echo")
	ws.send_text("close 4001 bye")
	await wait_state(ws, WebSocketPeer.STATE_CLOSED, "/echo")
	print_closed(ws, "/echo")
	print("/echo send after close ", ws.send_text("late"))

	# The client closes with a code and reason.
	ws = await open("/client-close")
	ws.close(4002, "client bye")
	print("/client-close state after close() ", ws.get_ready_state())
	await wait_state(ws, WebSocketPeer.STATE_CLOSED, "/client-close")
	print_closed(ws, "/client-close")

	# The server drops the TCP connection without a close frame.
	ws = await open("/terminate")
	await wait_state(ws, WebSocketPeer.STATE_CLOSED, "/terminate")
	print_closed(ws, "/terminate")

	# The server closes without a status code.
	ws = await open("/no-status")
	await wait_state(ws, WebSocketPeer.STATE_CLOSED, "/no-status")
	print_closed(ws, "/no-status")

	# Packets stay readable after the close.
	ws = await open("/send-then-close")
	await wait_state(ws, WebSocketPeer.STATE_CLOSED, "/send-then-close")
	print("/send-then-close available ", ws.get_available_packet_count())
	print_packets(ws, "/send-then-close")

	# Outbound limit: a send that would reach outbound_buffer_size is refused.
	ws = WebSocketPeer.new()
	ws.outbound_buffer_size = 1024
	ws.inbound_buffer_size = 1024
	ws.connect_to_url(URL + "/limits")
	await wait_state(ws, WebSocketPeer.STATE_OPEN, "/limits")
	var big := PackedByteArray()
	big.resize(1024)
	print("/limits send 1024 ", ws.send(big))
	big.resize(1000)
	print("/limits send 1000 ", ws.send(big))
	print("/limits buffered ", ws.get_current_outbound_buffered_amount() >= 0)
	# Inbound limit: the server sends 2000 bytes, then "small"; later "after".
	ws.send_text("send big")
	await wait_packets(ws, 2)
	print("/limits state ", ws.get_ready_state(), " available ", ws.get_available_packet_count())
	print_packets_detail(ws, "/limits")
	ws.send_text("send after")
	await wait_packets(ws, 1)
	print_packets_detail(ws, "/limits")

	# bufferedAmount: the whole message right after send(), 0 once the browser wrote it.
	ws = WebSocketPeer.new()
	ws.outbound_buffer_size = 4 * 1024 * 1024
	ws.connect_to_url(URL + "/buffered")
	await wait_state(ws, WebSocketPeer.STATE_OPEN, "/buffered")
	var mib := PackedByteArray()
	mib.resize(1048576)
	print("/buffered send ", ws.send(mib), " buffered ", ws.get_current_outbound_buffered_amount())
	var until := Time.get_ticks_msec() + WAIT_MS
	while ws.get_current_outbound_buffered_amount() > 0 and Time.get_ticks_msec() < until:
		await get_tree().process_frame
		ws.poll()
	print("/buffered drained ", ws.get_current_outbound_buffered_amount())
	await wait_packets(ws, 1)
	print_packets(ws, "/buffered")

	# close(-1): CLOSED at once, without waiting for the server.
	ws = await open("/destroy")
	ws.close(-1)
	print("/destroy state after close(-1) ", ws.get_ready_state())
	print_closed(ws, "/destroy")

	# Quit with a connection open: the server sees how the engine closes it.
	ws = await open("/quit")
	print("quit")
	get_tree().quit(0)
