// Browser entry. Until the browser build lands it offers the Node-free core only; the classes
// that need sockets are not exported here yet (see README, "Browser").
export { Error, errorName } from './core/error.js';
export { type LogLevel, type LogSink, logger } from './core/logger.js';
export { PacketQueue, type QueuedPacket } from './core/packet-queue.js';
export { ConnectFlags, Signal } from './core/signal.js';
export { VERSION } from './version.js';
