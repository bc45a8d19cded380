// Browser entry (the `browser` condition of the exports map): the same Godot names as the Node
// entry, over the browser's own WebSocket. Nothing here may reach src/net/ or a node:* module
// (test/index.browser.test.ts walks the import graph).
export { Error, errorName } from './core/error.js';
export { type LogLevel, type LogSink, logger } from './core/logger.js';
export { PacketPeer } from './core/packet-peer.js';
export { PacketQueue, type QueuedPacket } from './core/packet-queue.js';
export { ConnectFlags, Signal } from './core/signal.js';
export { VERSION } from './version.js';
export { type BrowserTlsOptions, WebSocketPeer } from './websocket/web/websocket-peer.web.js';
export { State, WriteMode } from './websocket/websocket-peer-base.js';
