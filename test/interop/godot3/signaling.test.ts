// The Godot 3 signaling protocol with the REAL Godot 3.2.3 engine (godot3-server): two
// WebSocketClient signaling clients in one GDScript, written from the protocol, join a lobby
// through our SignalingServer, relay an offer, an answer and a candidate, the host seals, and the
// server closes both with 1000 "Seal complete". (WebRTC itself needs a GDNative plugin in
// Godot 3 desktop builds, so only the signaling is real here; Godot 4.6 runs the WebRTC part.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { godot3Available, runGodot3 } from '../../helpers/godot3.js';
import { startSignaling } from '../../server/signaling/drive.js';

const skip = godot3Available() ? false : 'godot3-server is not installed';

function script(url: string): string {
  return `extends SceneTree

var url = "${url}"
var clients = {}
var lobby = ""
var closed = 0

func _init():
	for name in ["A", "B"]:
		var ws = WebSocketClient.new()
		ws.connect("connection_established", self, "_on_open", [name])
		ws.connect("connection_error", self, "_on_error", [name])
		ws.connect("connection_closed", self, "_on_closed", [name])
		ws.connect("data_received", self, "_on_data", [name])
		ws.connect("server_close_request", self, "_on_close_request", [name])
		clients[name] = ws
	print("CONNECT A ", clients["A"].connect_to_url(url))

func _idle(_delta):
	for ws in clients.values():
		ws.poll()
	return false

func send(name, text):
	clients[name].get_peer(1).put_packet(text.to_utf8())

func _on_open(_protocol, name):
	clients[name].get_peer(1).set_write_mode(WebSocketPeer.WRITE_MODE_TEXT)
	send(name, "J: %s\\n" % lobby)

func _on_data(name):
	var text = clients[name].get_peer(1).get_packet().get_string_from_utf8()
	print(name, " GOT ", text.c_escape())
	var first = text.split("\\n", true, 1)[0]
	var arg = first.substr(3, first.length() - 3)
	if name == "A" and first.begins_with("J: "):
		lobby = arg
		print("CONNECT B ", clients["B"].connect_to_url(url))
	elif name == "B" and first.begins_with("J: "):
		send("B", "O: 1\\nsdp-from-B")
	elif name == "A" and first.begins_with("O: "):
		send("A", "A: %d\\nsdp-from-A" % int(arg))
	elif name == "B" and first.begins_with("A: "):
		send("B", "C: 1\\n\\n0\\n0\\ncandidate-from-B")
	elif name == "A" and first.begins_with("C: "):
		send("A", "S: \\n")

func _on_close_request(code, reason, name):
	print(name, " CLOSE_REQUEST ", code, " ", reason)

func _on_error(name):
	print(name, " ERROR")
	quit(1)

func _on_closed(_was_clean, name):
	print(name, " CLOSED")
	closed += 1
	if closed == 2:
		quit(0)
`;
}

test('two Godot 3.2.3 WebSocketClients speak the line protocol with our server: join, relays, seal', {
  skip,
}, async (t) => {
  const s = await startSignaling({ sealCloseMs: 500 });
  t.after(() => s.stop());
  const result = await runGodot3({ files: { 'main.gd': script(s.url) }, deadlineMs: 20_000 });
  const lines = result.lines.filter((l) => /^(A|B|CONNECT) /.test(l));
  assert.equal(result.code, 0, result.lines.join('\n') + result.stderr);
  const lobby = /^A GOT J: ([A-Za-z0-9]{16})\\n$/.exec(lines[2] ?? '')?.[1];
  assert.ok(lobby, lines.join('\n'));
  const idB = /^B GOT I: (\d+)\\n$/.exec(lines.find((l) => l.startsWith('B GOT I: ')) ?? '')?.[1];
  assert.ok(idB && Number(idB) > 1, lines.join('\n'));
  const of = (who: string) => lines.filter((l) => l.startsWith(`${who} `));
  assert.deepEqual(of('A'), [
    'A GOT I: 1\\n',
    `A GOT J: ${lobby}\\n`,
    `A GOT N: ${idB}\\n`,
    `A GOT O: ${idB}\\nsdp-from-B`,
    `A GOT C: ${idB}\\n\\n0\\n0\\ncandidate-from-B`,
    'A GOT S: \\n',
    'A CLOSE_REQUEST 1000 Seal complete',
    'A CLOSED',
  ]);
  assert.deepEqual(of('B'), [
    `B GOT I: ${idB}\\n`,
    'B GOT N: 1\\n',
    `B GOT J: ${lobby}\\n`,
    'B GOT A: 1\\nsdp-from-A',
    'B GOT S: \\n',
    'B CLOSE_REQUEST 1000 Seal complete',
    'B CLOSED',
  ]);
  const c = s.server.getCounters();
  assert.equal(c.messagesRelayed, 3);
  assert.equal(c.malformed, 0);
});
