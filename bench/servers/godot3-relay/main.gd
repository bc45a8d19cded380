extends SceneTree
# A minimal Godot 3 relay for the relay benchmark: a WebSocketServer with gd_mp_api as the
# tree's network peer (the peer relays client-to-client packets by itself, the MultiplayerAPI
# takes the server's copies). The main loop is uncapped: no FPS target and no sleep between
# frames (a window-less engine otherwise sleeps low_processor_usage_mode_sleep_usec per frame).
# Prints "FPS n" every second. Port from the RELAY_PORT environment variable.

var server = WebSocketServer.new()
var frames = 0
var since = 0


func _init():
	Engine.target_fps = 0
	OS.low_processor_usage_mode = false
	OS.low_processor_usage_mode_sleep_usec = 0
	var port = int(OS.get_environment("RELAY_PORT"))
	var err = server.listen(port, PoolStringArray(), true)
	if err != OK:
		printerr("listen failed: ", err)
		quit()
		return
	network_peer = server
	since = OS.get_ticks_msec()
	print("LISTENING ", port)


func _idle(_delta):
	frames += 1
	var now = OS.get_ticks_msec()
	if now - since >= 1000:
		print("FPS ", frames * 1000.0 / (now - since))
		frames = 0
		since = now
	return false
