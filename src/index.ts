// Node entry: the public, Godot-named API.
export { Error, errorName } from './core/error.js';
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
export { WebSocketPeer } from './websocket/websocket-peer.js';
export { State, WriteMode } from './websocket/websocket-peer-base.js';
