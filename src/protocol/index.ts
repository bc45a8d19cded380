// The sans-I/O RFC 6455 core: frames, messages, close codes, masking, UTF-8, the connection.

export { Ring } from '../shared/ring.js';
export { type Allocate, allocateZeroed } from './allocate.js';
export {
  CloseCode,
  failureReasons,
  isValidReceivedCloseCode,
  isValidSentCloseCode,
} from './close-code.js';
export {
  buildClosePayload,
  MAX_CLOSE_REASON_BYTES,
  type ParsedClose,
  parseClosePayload,
  type RejectedClose,
} from './close-frame.js';
export {
  Connection,
  type ConnectionEvent,
  type ConnectionOptions,
  ConnectionState,
  type HeartbeatResult,
  type Role,
} from './connection.js';
export { extendedLengthSize, headerSize, MAX_HEADER_SIZE, writeHeader } from './frame-header.js';
export { FrameParser, type FrameSink } from './frame-parser.js';
export { FrameWriter, VIEW_THRESHOLD } from './frame-writer.js';
export {
  type AcceptKeyFn,
  buildClientRequest,
  type ClientHandshakeResult,
  type ClientRequestOptions,
  encodeBase64,
  generateKey,
  type ServerResponseExpectation,
  validateServerResponse,
  WS_GUID,
} from './handshake-client.js';
export {
  acceptUpgradeRequest,
  buildHttpErrorResponse,
  buildServerResponse,
  type ParseRequestResult,
  parseHttpGetRequest,
  parseUpgradeRequest,
  type ServerHandshakeOptions,
  type ServerHandshakeResult,
  type ServerResponseParts,
  selectSubprotocol,
  serverHandshake,
  serverRequestedUrl,
  type UpgradeRequest,
} from './handshake-server.js';
export { type HeadReadResult, HttpHeadReader, WSL_MAX_HEADER_SIZE } from './http-head.js';
export {
  cryptoRandomFill,
  jsMasker,
  Masker,
  type MaskKernel,
  MaskKeySource,
  maskInPlace,
  maskInto,
  NO_MASK,
  packMaskKey,
  type RandomFill,
  unpackMaskKey,
} from './mask.js';
export { FRAGMENT_OVERHEAD, MessageAssembler } from './message-assembler.js';
export {
  FIN_BIT,
  isControl,
  isData,
  isKnownOpcode,
  LENGTH_BITS,
  MASK_BIT,
  MAX_CONTROL_PAYLOAD,
  OPCODE_BITS,
  Opcode,
  RSV_BITS,
} from './opcode.js';
export {
  parseGodot3Url,
  parseWebSocketUrl,
  type UrlParseResult,
  type WebSocketUrl,
} from './url.js';
export { isValidUtf8, UTF8_OK, type Utf8RangeCheck, Utf8Validator } from './utf8.js';
export {
  isDroppedWithoutCloseByGodot,
  type ProtocolViolation,
  ViolationCode,
  violation,
} from './violation.js';
