/**
 * The messages of Godot's WebRTC signaling demo (godot-demo-projects,
 * networking/webrtc_signaling), the same set in both of its protocol versions: Godot 4 sends
 * them as JSON `{"type", "id", "data"}`, Godot 3 as lines (`J: `, `I: `, …). See
 * docs/signaling.md.
 */
export const SignalingCommand = {
  /** client → server: join (data: lobby name, '' = create one; id 0 = mesh); server → client: joined (data: the name). */
  JOIN: 0,
  /** server → client: your id in the lobby (1 for the host); data 'true' for a mesh lobby. */
  ID: 1,
  /** server → client: a peer is in the lobby (id). */
  PEER_CONNECT: 2,
  /** server → client: a peer left the lobby (id). */
  PEER_DISCONNECT: 3,
  /** relayed: id = destination from the client, the sender's id from the server. */
  OFFER: 4,
  ANSWER: 5,
  CANDIDATE: 6,
  /** host → server: seal the lobby; server → every peer: it is sealed. */
  SEAL: 7,
} as const;

/** A command number that names none of the above (Godot 3: a line with an unknown letter). */
export const UNKNOWN_COMMAND = -1;

/** One signaling message, whichever version carried it. */
export interface SignalingMessage {
  type: number;
  /** A peer id (destination or source), 0 when none; Godot 4's JOIN: 0 = mesh, else client/server. */
  id: number;
  data: string;
}

/** The close reasons of the demo server (kept verbatim: Godot users see them in their logs). */
export const CloseReason = {
  NO_LOBBY: 'Have not joined lobby yet',
  HOST_DISCONNECTED: 'Room host has disconnected',
  ONLY_HOST_CAN_SEAL: 'Only host can seal the lobby',
  SEAL_COMPLETE: 'Seal complete',
  TOO_MANY_LOBBIES: 'Too many lobbies open, disconnecting',
  ALREADY_IN_LOBBY: 'Already in a lobby',
  LOBBY_DOES_NOT_EXIST: 'Lobby does not exists',
  LOBBY_IS_SEALED: 'Lobby is sealed',
  INVALID_FORMAT: 'Invalid message format',
  NEED_LOBBY: 'Invalid message when not in a lobby',
  INVALID_DEST: 'Invalid destination',
  INVALID_CMD: 'Invalid command',
  TOO_MANY_PEERS: 'Too many peers connected',
  INVALID_TRANSFER_MODE: 'Invalid transfer mode, must be text',
  // Ours (the demo has no such limits):
  LOBBY_FULL: 'Lobby is full',
  TOO_MANY_MESSAGES: 'Too many messages',
  MESSAGE_TOO_BIG: 'Message too big',
  SERVER_SHUTTING_DOWN: 'Server shutting down',
} as const;

/** The close code the demo uses for every refusal (a seal completing closes with 1000). */
export const REFUSE_CODE = 4000;
