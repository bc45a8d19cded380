// Node entry: the public, Godot-named API.
export { Error, errorName, GodotError } from './core/error.js';
export { ErrorCode, type LastError } from './core/last-error.js';
export { type LogLevel, type LogSink, logger } from './core/logger.js';
export { ConnectionStatus, MultiplayerPeer, TransferMode } from './core/multiplayer-peer.js';
export { PacketPeer } from './core/packet-peer.js';
export { PacketQueue, type QueuedPacket } from './core/packet-queue.js';
export { ConnectFlags, Signal } from './core/signal.js';
export * from './core/variant/index.js';
export { CryptoKey } from './net/crypto-key.js';
export { StreamPeer } from './net/stream-peer.js';
export { StreamPeerTCP } from './net/stream-peer-tcp.js';
export { StreamPeerTLS } from './net/stream-peer-tls.js';
export { TCPServer } from './net/tcp-server.js';
export { TLSOptions } from './net/tls-options.js';
export { X509Certificate } from './net/x509-certificate.js';
export { VERSION } from './version.js';
export { NetworkedMultiplayerPeer } from './websocket/godot3/networked-multiplayer-peer.js';
export { WebSocketClient } from './websocket/godot3/websocket-client.js';
export { WebSocketMultiplayerPeer as Godot3WebSocketMultiplayerPeer } from './websocket/godot3/websocket-multiplayer-peer.js';
export { WebSocketPeer as Godot3WebSocketPeer } from './websocket/godot3/websocket-peer.js';
export { WebSocketServer } from './websocket/godot3/websocket-server.js';
export type { HttpUpgradeRequest } from './websocket/node/http-upgrade.js';
export type { HandshakeRejection, HandshakeRequestHook } from './websocket/node/server-opening.js';
export type { VisibilityRule } from './websocket/peer-visibility.js';
export type { AuthAnswer, AuthCallback } from './websocket/scene-relay/auth-sessions.js';
export type { RelayFilter, RelayPolicy } from './websocket/scene-relay/relay-policy.js';
export {
  SceneRelayServer,
  type SceneRelayServerOptions,
} from './websocket/scene-relay/scene-relay-server.js';
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
export { WebSocketMultiplayerPeer } from './websocket/websocket-multiplayer-peer.js';
export { WebSocketMultiplayerPeerBase } from './websocket/websocket-multiplayer-peer-base.js';
export { type InboundGate, WebSocketPeer } from './websocket/websocket-peer.js';
export { State, WriteMode } from './websocket/websocket-peer-base.js';
