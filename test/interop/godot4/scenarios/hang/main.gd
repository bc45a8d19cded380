extends Node
# Never quits: the harness must give up at its deadline and report what was printed.

func _ready() -> void:
	print("waiting forever")
