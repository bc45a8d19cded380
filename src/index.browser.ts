// Browser entry: the same names as the Node entry; nothing here may reach src/net/ or node:*.
export { Error, errorName, GodotError } from './core/error.js';
export { ErrorCode, type LastError } from './core/last-error.js';
export { type LogLevel, type LogSink, logger } from './core/logger.js';
export { ConnectionStatus, MultiplayerPeer, TransferMode } from './core/multiplayer-peer.js';
export { PacketPeer } from './core/packet-peer.js';
export { PacketQueue, type QueuedPacket } from './core/packet-queue.js';
export { ConnectFlags, Signal } from './core/signal.js';
export * from './core/variant/index.js';
export { VERSION } from './version.js';
export { NetworkedMultiplayerPeer } from './websocket/godot3/networked-multiplayer-peer.js';
export { WebSocketMultiplayerPeer as Godot3WebSocketMultiplayerPeer } from './websocket/godot3/websocket-multiplayer-peer.js';
export { WebSocketPeer as Godot3WebSocketPeer } from './websocket/godot3/websocket-peer.js';
export {
  encodeAuth,
  encodeRelay,
  encodeSysPeer,
  NetworkCommand,
  packetCommand,
  parseSys,
  SysCommand,
  type SysPacket,
} from './websocket/scene-relay/sys-command.js';
export { WebSocketClient } from './websocket/web/godot3-websocket-client.web.js';
export { WebSocketServer } from './websocket/web/godot3-websocket-server.web.js';
export { WebSocketMultiplayerPeer } from './websocket/web/websocket-multiplayer-peer.web.js';
export { type BrowserTlsOptions, WebSocketPeer } from './websocket/web/websocket-peer.web.js';
export { WebSocketMultiplayerPeerBase } from './websocket/websocket-multiplayer-peer-base.js';
export { State, WriteMode } from './websocket/websocket-peer-base.js';
