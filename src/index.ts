// Node entry: the public, Godot-named API.
export { Error, errorName } from './core/error.js';
export { type LogLevel, type LogSink, logger } from './core/logger.js';
export { PacketQueue, type QueuedPacket } from './core/packet-queue.js';
export { ConnectFlags, Signal } from './core/signal.js';
export { VERSION } from './version.js';
