extends Node
# Closing a Web WebSocketPeer with a code the browser refuses (1001 "Going Away", which a native
# game may use freely): the browser's WebSocket.close() throws inside the engine.

var ws := WebSocketPeer.new()
var closing := false


# If the main loop survived the exception, the next frame says so.
func _process(_delta: float) -> void:
	if closing:
		print("still running")
		get_tree().quit(3)


func _ready() -> void:
	ws.connect_to_url("{{URL}}/bad-close")
	var until := Time.get_ticks_msec() + 5000
	while ws.get_ready_state() != WebSocketPeer.STATE_OPEN and Time.get_ticks_msec() < until:
		await get_tree().process_frame
		ws.poll()
	print("state ", ws.get_ready_state())
	closing = true
	ws.close(1001, "going away")
	print("after close ", ws.get_ready_state())
	get_tree().quit(0)
