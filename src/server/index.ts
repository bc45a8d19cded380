/**
 * The server layer (`godot-websocket/server`): many rooms on one listener, the room API,
 * quick-match, the dashboard and Prometheus metrics, WebRTC signaling, the cluster on Redis.
 * Node.js only.
 */
export { formatAddress } from './address.js';
export type { ClusterRoom, ClusterSummary } from './cluster/cluster-directory.js';
export {
  type ClusterCounters,
  ClusterNode,
  type ClusterOptions,
  HEARTBEAT_MS,
  NODE_TTL_MS,
} from './cluster/cluster-node.js';
export { HOME_LOST_CODE } from './cluster/edge-connection.js';
export type { ConnectHook, ConnectRequest, ConnectVerdict } from './connect-hook.js';
export { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from './join-code.js';
export type { JoinRouter, PendingJoin } from './join-router.js';
export { PeerIdSequence } from './peer-ids.js';
export {
  PEER_LIMIT_DEFAULTS,
  type PeerLimitOptions,
  type PeerLimits,
  RATE_KICK_CODE,
  type RateLimitCounts,
  RoomRateLimits,
} from './peer-limits.js';
export { Room, type RoomInfo, type RoomOrigin, type RoomSpec } from './room.js';
export type { RoomPage } from './room-directory.js';
export { DEFAULT_ROOM, MAX_ROOM_NAME, normalizeRoomName, roomNameFromPath } from './room-name.js';
export { RoomServer, type RoomServerTls } from './room-server.js';
export {
  GODOT_MAX_PEERS,
  ROOM_KINDS,
  type RoomKind,
  type RoomServerOptions,
  type RoomServerSettings,
  type RoomVisibility,
} from './room-server-options.js';
export type { Godot3RpcOptions, Godot3RpcTransport } from './rpc/godot3-rpc-endpoint.js';
export { Godot3RpcEndpoint } from './rpc/godot3-rpc-endpoint.js';
export { Godot4RpcEndpoint, type Godot4RpcOptions } from './rpc/godot4-rpc-endpoint.js';
export type { RpcDropKind, RpcStats } from './rpc/rpc-drops.js';
export type { RpcEndpoint, RpcFallback, RpcHandler } from './rpc/rpc-endpoint.js';
export {
  type RpcManifest,
  type RpcMethodEntry,
  type RpcNodeSpec,
  RpcTable,
  wirePath,
} from './rpc/rpc-manifest.js';
export {
  type BuildManifestOptions,
  buildRpcManifest,
  type GameFiles,
  sceneScripts,
  scriptRpcMethods,
} from './rpc/rpc-manifest-builder.js';
export type { RpcRules } from './rpc/rpc-rules.js';
export type { RpcTarget } from './rpc/rpc-target.js';
export {
  attachScript,
  loadServerScript,
  loadServerScriptModule,
  type ServerScriptModule,
} from './script/script-host.js';
export type { ScriptServer, ServerScript, SignalingJoin } from './script/server-script.js';
export type { RefusalReason, Sample } from './server-stats.js';
export type { RoomSession } from './sessions/room-session.js';
export {
  CloseReason as SignalingCloseReason,
  type JoinHook,
  type JoinRequest,
  type JoinVerdict,
  type LobbyInfo,
  SIGNALING_DEFAULTS,
  SignalingCommand,
  type SignalingCounters,
  type SignalingMessage,
  type SignalingOptions,
  type SignalingProtocol,
  SignalingServer,
} from './signaling/index.js';
