extends Node
# The game node at /root/Main of a Godot 3 player whose logic runs on a Node server (peer 1).

remote func submit_move(x, speed, label, at, list, extra):
	pass

puppet func show_result(text, score):
	print("SHOW_RESULT ", text, " ", score, " FROM ", get_tree().get_rpc_sender_id())
	get_tree().multiplayer.send_bytes(("ran show_result %s %d" % [text, score]).to_utf8(), 1)

remotesync func chat(text):
	var from = get_tree().get_rpc_sender_id()
	print("CHAT ", from, " ", text)
	if from != get_tree().get_network_unique_id():
		get_tree().multiplayer.send_bytes(("got chat from %d: %s" % [from, text]).to_utf8(), 1)

puppet func secret():
	pass
