/**
 * How an emulated game client speaks to a relay: Godot 4 (WebSocketMultiplayerPeer +
 * SceneMultiplayer, facts §0 and §3.6) or Godot 3 (`gd_mp_api`, godot3-wire.md §4). Both send
 * what `multiplayer.send_bytes(state)` sends to everyone; only the framing around the state differs.
 */
export interface RelayWire {
  name: 'godot4' | 'godot3';
  /** The client's id if this (first) message tells it, else 0. */
  ownId(buf: Buffer, at: number, length: number): number;
  /** The id a peer-added message announces (the server, 1, included), else 0. */
  addedPeer(buf: Buffer, at: number, length: number): number;
  /** The whole message a client sends: header, the command byte, `stateBytes` zeros. */
  message(id: number, stateBytes: number): Buffer;
  /** Where the state starts in a message. */
  stateOffset: number;
  /** The source id of a relayed state packet (already checked by `isState`). */
  sourceOffset: number;
  /** Whether a message is a relayed state packet of `length` bytes. */
  isState(buf: Buffer, at: number, length: number): boolean;
}

/** Godot 4: a 4-byte id first; `07 01 <id>` ADD_PEER; `07 03 <peer> 03 <state>` RELAY of RAW. */
export const GODOT4_WIRE: RelayWire = {
  name: 'godot4',
  ownId: (buf, at, length) => (length === 4 ? buf.readInt32LE(at) : 0),
  addedPeer: (buf, at, length) =>
    length === 6 && buf[at] === 7 && buf[at + 1] === 1 ? buf.readInt32LE(at + 2) : 0,
  message(_id, stateBytes) {
    const m = Buffer.alloc(7 + stateBytes);
    m[0] = 7; // SYS
    m[1] = 3; // RELAY, target 0 = everyone (bytes 2–5)
    m[6] = 3; // RAW
    return m;
  },
  stateOffset: 7,
  sourceOffset: 2,
  isState: (buf, at, length) =>
    length > 7 && buf[at] === 7 && buf[at + 1] === 3 && buf[at + 6] === 3,
};

/**
 * Godot 3: `type i8, from i32, to i32` before every packet; type 3 = your id, 1 = peer added
 * (payload: the id); data `00 <own id> <to = 0>` around the MultiplayerAPI's RAW (4) packet.
 */
export const GODOT3_WIRE: RelayWire = {
  name: 'godot3',
  ownId: (buf, at, length) => (length === 13 && buf[at] === 3 ? buf.readInt32LE(at + 9) : 0),
  addedPeer: (buf, at, length) => (length === 13 && buf[at] === 1 ? buf.readInt32LE(at + 9) : 0),
  message(id, stateBytes) {
    const m = Buffer.alloc(10 + stateBytes);
    m[0] = 0; // data
    m.writeInt32LE(id, 1); // from
    m.writeInt32LE(0, 5); // to everyone
    m[9] = 4; // NETWORK_COMMAND_RAW in Godot 3's MultiplayerAPI
    return m;
  },
  stateOffset: 10,
  sourceOffset: 1,
  isState: (buf, at, length) => length > 10 && buf[at] === 0 && buf[at + 9] === 4,
};
