// Entry `godot-websocket/godot3` (Node only): Godot 3's WebSocket classes under their Godot 3
// names, plus the shared types a Godot 3 program needs with them.
export { Error, errorName, GodotError } from '../../core/error.js';
export { ErrorCode, type LastError } from '../../core/last-error.js';
export { type LogLevel, type LogSink, logger } from '../../core/logger.js';
export { PacketPeer } from '../../core/packet-peer.js';
export { ConnectFlags, Signal } from '../../core/signal.js';
export { CryptoKey } from '../../net/crypto-key.js';
export { X509Certificate } from '../../net/x509-certificate.js';
export { WriteMode } from '../websocket-peer-base.js';
export type { BufferSizes } from './buffer-sizes.js';
export {
  ConnectionStatus,
  NetworkedMultiplayerPeer,
  TransferMode,
} from './networked-multiplayer-peer.js';
export { WebSocketClient } from './websocket-client.js';
export { WebSocketMultiplayerPeer } from './websocket-multiplayer-peer.js';
export { WebSocketPeer } from './websocket-peer.js';
export { WebSocketServer } from './websocket-server.js';
