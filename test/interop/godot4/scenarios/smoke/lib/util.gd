extends RefCounted
# A script in a subfolder of the pack, preloaded by main.gd.


static func shout(text: String) -> String:
	return text.to_upper() + "!"
