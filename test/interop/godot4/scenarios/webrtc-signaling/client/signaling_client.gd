extends Node
# Our own signaling client for the tests, written from the protocol (docs/signaling.md): the
# same public API as the demo's multiplayer_client.gd (start, stop, seal_lobby, the signals,
# code/reason/sealed, rtc_mp), so a game can use either. Host candidates only: no ICE servers.

signal lobby_joined(lobby: String)
signal connected(id: int, use_mesh: bool)
signal disconnected()
signal lobby_sealed()

enum { JOIN, ID, PEER_CONNECT, PEER_DISCONNECT, OFFER, ANSWER, CANDIDATE, SEAL }

var ws := WebSocketPeer.new()
var rtc_mp := WebRTCMultiplayerPeer.new()
var code := 1000
var reason := ""
var sealed := false
var lobby := ""
var mesh := true
var _was_open := false
var _closed_reported := false


func start(url: String, p_lobby: String = "", p_mesh: bool = true) -> void:
	lobby = p_lobby
	mesh = p_mesh
	ws.connect_to_url(url)


func stop() -> void:
	multiplayer.multiplayer_peer = null
	rtc_mp.close()
	ws.close()


func seal_lobby() -> Error:
	return _send(SEAL, 0)


func _process(_delta: float) -> void:
	ws.poll()
	var state := ws.get_ready_state()
	if state == WebSocketPeer.STATE_OPEN and not _was_open:
		_was_open = true
		_send(JOIN, 0 if mesh else 1, lobby)
	while state == WebSocketPeer.STATE_OPEN and ws.get_available_packet_count() > 0:
		_handle(ws.get_packet().get_string_from_utf8())
	if state == WebSocketPeer.STATE_CLOSED and _was_open and not _closed_reported:
		_closed_reported = true
		code = ws.get_close_code()
		reason = ws.get_close_reason()
		disconnected.emit()


func _send(type: int, id: int, data: String = "") -> Error:
	return ws.send_text(JSON.stringify({"type": type, "id": id, "data": data}))


func _handle(text: String) -> void:
	var msg = JSON.parse_string(text)
	if typeof(msg) != TYPE_DICTIONARY:
		printerr("signaling: not a dictionary: ", text)
		return
	var type := int(msg.type)
	var id := int(msg.id)
	var data := str(msg.data)
	match type:
		ID:
			var use_mesh := data == "true"
			if use_mesh:
				rtc_mp.create_mesh(id)
			elif id == 1:
				rtc_mp.create_server()
			else:
				rtc_mp.create_client(id)
			multiplayer.multiplayer_peer = rtc_mp
			connected.emit(id, use_mesh)
		JOIN:
			lobby = data
			lobby_joined.emit(data)
		SEAL:
			sealed = true
			lobby_sealed.emit()
		PEER_CONNECT:
			_add_peer(id)
		PEER_DISCONNECT:
			if rtc_mp.has_peer(id):
				rtc_mp.remove_peer(id)
		OFFER, ANSWER:
			if rtc_mp.has_peer(id):
				rtc_mp.get_peer(id).connection.set_remote_description(
						"offer" if type == OFFER else "answer", data)
		CANDIDATE:
			var parts := data.split("\n", false)
			if parts.size() == 3 and rtc_mp.has_peer(id):
				rtc_mp.get_peer(id).connection.add_ice_candidate(parts[0], parts[1].to_int(), parts[2])


func _add_peer(id: int) -> void:
	var pc := WebRTCPeerConnection.new()
	pc.initialize({"iceServers": []})
	pc.session_description_created.connect(func(type: String, sdp: String) -> void:
		pc.set_local_description(type, sdp)
		_send(OFFER if type == "offer" else ANSWER, id, sdp))
	pc.ice_candidate_created.connect(func(mid: String, index: int, sdp: String) -> void:
		_send(CANDIDATE, id, "\n%s\n%d\n%s" % [mid, index, sdp]))
	rtc_mp.add_peer(pc, id)
	if id < rtc_mp.get_unique_id():  # the newer peer offers; the host (1) never does
		pc.create_offer()
