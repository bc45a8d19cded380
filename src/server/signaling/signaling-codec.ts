import {
  CloseReason,
  SignalingCommand,
  type SignalingMessage,
  UNKNOWN_COMMAND,
} from './signaling-message.js';

/** Which version of the demo's protocol a peer speaks. */
export type SignalingProtocol = 'godot4' | 'godot3';

/** A decoded message, or the reason the demo server closes the connection with. */
export type Decoded = SignalingMessage | { error: string };

/** Turns text frames into messages and back, for one protocol version. */
export interface SignalingCodec {
  readonly protocol: SignalingProtocol;
  /**
   * Godot 3's server checks a relayed message's destination before its command letter, Godot 4's
   * the other way round; the close reason for a message wrong in both ways follows that order.
   */
  readonly destinationFirst: boolean;
  /** Godot 3 lobbies are always mesh. */
  readonly meshOnly: boolean;
  decode(text: string): Decoded;
  encode(message: SignalingMessage): string;
}

/** The demo's number reading: a JSON number is floored, anything else is −1. */
function integerField(value: unknown): number {
  return typeof value === 'number' ? Math.floor(value) : -1;
}

/** Godot 4 (`master`): one JSON object per text frame, keys in the order type, id, data. */
export const godot4Codec: SignalingCodec = {
  protocol: 'godot4',
  destinationFirst: false,
  meshOnly: false,
  decode(text) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { error: CloseReason.INVALID_FORMAT };
    }
    // (The demo throws a TypeError on `null`, and closes with its message as the reason.)
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      return { error: CloseReason.INVALID_FORMAT };
    }
    const fields = json as Record<string, unknown>;
    const type = integerField(fields.type);
    const id = integerField(fields.id);
    if (type < 0 || id < 0) return { error: CloseReason.INVALID_FORMAT };
    const data = typeof fields.data === 'string' ? fields.data : '';
    return { type, id, data };
  },
  encode({ type, id, data }) {
    return JSON.stringify({ type, id, data });
  },
};

const LETTERS: Record<string, number> = {
  J: SignalingCommand.JOIN,
  I: SignalingCommand.ID,
  N: SignalingCommand.PEER_CONNECT,
  D: SignalingCommand.PEER_DISCONNECT,
  O: SignalingCommand.OFFER,
  A: SignalingCommand.ANSWER,
  C: SignalingCommand.CANDIDATE,
  S: SignalingCommand.SEAL,
};
const CLIENT_COMMANDS = new Set<number>([
  SignalingCommand.JOIN,
  SignalingCommand.OFFER,
  SignalingCommand.ANSWER,
  SignalingCommand.CANDIDATE,
  SignalingCommand.SEAL,
]);
const LETTER_OF = Object.fromEntries(Object.entries(LETTERS).map(([k, v]) => [v, k]));

/**
 * Godot 3 (`3.x`): "<letter>: <argument>\n<payload>". The first line must exist and be at least
 * 3 characters; the payload (everything from the first newline on) is relayed untouched.
 */
export const godot3Codec: SignalingCodec = {
  protocol: 'godot3',
  destinationFirst: true,
  meshOnly: true,
  decode(text) {
    const sep = text.indexOf('\n');
    if (sep < 0) return { error: CloseReason.INVALID_FORMAT };
    const command = text.slice(0, sep);
    if (command.length < 3) return { error: CloseReason.INVALID_FORMAT };
    const argument = command.slice(3).trim();
    const letter = command.slice(0, 3).endsWith(': ') ? command[0]! : '';
    const known = LETTERS[letter];
    const type = known !== undefined && CLIENT_COMMANDS.has(known) ? known : UNKNOWN_COMMAND;
    if (type === SignalingCommand.JOIN) return { type, id: 0, data: argument };
    if (type === SignalingCommand.SEAL) return { type, id: 0, data: '' };
    // A destination as the demo reads it (leading digits; 0 or none is no destination).
    const id = Number.parseInt(argument, 10);
    return { type, id: Number.isFinite(id) ? id : 0, data: text.slice(sep) };
  },
  encode({ type, id, data }) {
    const letter = LETTER_OF[type] ?? '?';
    switch (type) {
      case SignalingCommand.JOIN:
        return `J: ${data}\n`;
      case SignalingCommand.SEAL:
        return 'S: \n';
      case SignalingCommand.OFFER:
      case SignalingCommand.ANSWER:
      case SignalingCommand.CANDIDATE:
        // `data` is the payload with its leading newline, as it was received.
        return `${letter}: ${id}${data}`;
      default:
        return `${letter}: ${id}\n`;
    }
  },
};

/**
 * Which version a first text frame is in: a JSON object starts with `{` (after white space); no
 * Godot 3 command line can.
 */
export function detectProtocol(text: string): SignalingProtocol {
  return text.trimStart().startsWith('{') ? 'godot4' : 'godot3';
}

export function codecFor(protocol: SignalingProtocol): SignalingCodec {
  return protocol === 'godot4' ? godot4Codec : godot3Codec;
}
