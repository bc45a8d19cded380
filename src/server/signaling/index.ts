export type { LobbyInfo } from './lobby.js';
export {
  detectProtocol,
  godot3Codec,
  godot4Codec,
  type SignalingProtocol,
} from './signaling-codec.js';
export type { SignalingCounters } from './signaling-counters.js';
export { CloseReason, SignalingCommand, type SignalingMessage } from './signaling-message.js';
export {
  type JoinHook,
  type JoinRequest,
  type JoinVerdict,
  SIGNALING_DEFAULTS,
  type SignalingOptions,
} from './signaling-options.js';
export { SignalingServer } from './signaling-server.js';
