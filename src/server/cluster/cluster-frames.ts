/**
 * The messages nodes of a cluster send each other over Redis Pub/Sub, one binary batch per
 * publish: a header naming the sender and numbering the batch on its link (sender → receiver),
 * then records. Each record concerns one forwarded client connection, named by the number the
 * edge node (the node holding the client's socket) gave it.
 *
 *   batch:  u8 version (1) · u8 sender length · sender (UTF-8) · u32 sequence · records…
 *   record: u8 kind · u32 connection · u32 payload length · payload
 */

export const FRAME_VERSION = 1;

export const RecordKind = {
  /** Edge → home: a client wants to join; the payload is the request (`OpenRequest`, JSON). */
  OPEN: 1,
  /** Either way: bytes of the client's TCP stream (WebSocket frames, the HTTP handshake). */
  DATA: 2,
  /** Either way: this side's end of the connection is closed; nothing more follows. */
  END: 3,
  /** Either way: stop sending DATA for this connection until RESUME (back-pressure). */
  PAUSE: 4,
  RESUME: 5,
} as const;

/**
 * Added to the kind of records a home sends to an edge, so that connection numbers of the two
 * directions between two nodes never mix (each edge numbers its own connections).
 */
export const TO_EDGE = 0x10;

/** One record of a batch. */
export interface LinkRecord {
  kind: number;
  conn: number;
  payload: Uint8Array;
}

/** A decoded batch. */
export interface LinkBatch {
  from: string;
  seq: number;
  records: LinkRecord[];
}

/** What an edge tells the home about a join (the HTTP request the client sent, and more). */
export interface OpenRequest {
  room: string;
  method: string;
  url: string;
  httpVersion: string;
  rawHeaders: string[];
  /** The client's address and port as the edge sees them. */
  host: string;
  port: number;
  /** What an `onConnect` hook gave the join (JSON-safe values only). */
  data?: unknown;
  /** Bytes the client sent after its request head, base64. */
  head: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Builds batches for one link: records are appended, `take` returns the batch bytes. */
export class BatchWriter {
  readonly #from: Uint8Array;
  #parts: Uint8Array[] = [];
  #bytes = 0;
  #count = 0;

  constructor(from: string) {
    this.#from = encoder.encode(from);
  }

  /** Records waiting. */
  get count(): number {
    return this.#count;
  }

  /** Bytes waiting (payloads and record headers). */
  get byteLength(): number {
    return this.#bytes;
  }

  add(kind: number, conn: number, payload?: Uint8Array): void {
    const length = payload?.byteLength ?? 0;
    this.#head(kind, conn, length);
    if (length > 0) this.#parts.push(payload!);
  }

  /** A record whose payload is `parts` one after the other (no copy until `take`). */
  addParts(kind: number, conn: number, parts: readonly Uint8Array[]): void {
    let length = 0;
    for (const part of parts) length += part.byteLength;
    this.#head(kind, conn, length);
    for (const part of parts) if (part.byteLength > 0) this.#parts.push(part);
  }

  /** A record's 9-byte header, counted with its payload of `length` bytes. */
  #head(kind: number, conn: number, length: number): void {
    // Small Buffers come from Node's shared pool: no allocation of their own per record.
    const head = Buffer.allocUnsafe(9);
    head[0] = kind;
    head.writeUInt32BE(conn, 1);
    head.writeUInt32BE(length, 5);
    this.#parts.push(head);
    this.#bytes += 9 + length;
    this.#count++;
  }

  /** The batch numbered `seq` with every record added since the last `take`. */
  take(seq: number): Buffer {
    const header = Buffer.allocUnsafe(2 + this.#from.byteLength + 4);
    header.writeUInt8(FRAME_VERSION, 0);
    header.writeUInt8(this.#from.byteLength, 1);
    header.set(this.#from, 2);
    header.writeUInt32BE(seq >>> 0, 2 + this.#from.byteLength);
    const out = Buffer.concat([header, ...this.#parts]);
    this.#parts = [];
    this.#bytes = 0;
    this.#count = 0;
    return out;
  }
}

/** Decodes one published batch; null when it is not one (wrong version, cut short). */
export function decodeBatch(bytes: Uint8Array): LinkBatch | null {
  if (bytes.byteLength < 2 || bytes[0] !== FRAME_VERSION) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fromLength = view.getUint8(1);
  let at = 2 + fromLength;
  if (bytes.byteLength < at + 4) return null;
  const from = decoder.decode(bytes.subarray(2, at));
  const seq = view.getUint32(at);
  at += 4;
  const records: LinkRecord[] = [];
  while (at < bytes.byteLength) {
    if (bytes.byteLength < at + 9) return null;
    const kind = view.getUint8(at);
    const conn = view.getUint32(at + 1);
    const length = view.getUint32(at + 5);
    at += 9;
    if (bytes.byteLength < at + length) return null;
    records.push({ kind, conn, payload: bytes.subarray(at, at + length) });
    at += length;
  }
  return { from, seq, records };
}

/** The payload of an OPEN record. */
export function encodeOpen(request: OpenRequest): Uint8Array {
  return encoder.encode(JSON.stringify(request));
}

/** An OPEN record's request, or null when it is not one. */
export function decodeOpen(payload: Uint8Array): OpenRequest | null {
  try {
    const value = JSON.parse(decoder.decode(payload)) as OpenRequest;
    if (typeof value?.room !== 'string' || typeof value.url !== 'string') return null;
    if (!Array.isArray(value.rawHeaders) || typeof value.head !== 'string') return null;
    return value;
  } catch {
    return null;
  }
}
