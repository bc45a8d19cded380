import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { LatencyHistogram } from './latency-histogram.js';
import { GODOT4_WIRE, type RelayWire } from './relay-wire.js';

/**
 * The relay benchmark's load generator: emulated Godot clients in rooms joined by URL path,
 * Godot 4 (WebSocketMultiplayerPeer + SceneMultiplayer) or Godot 3 (gd_mp_api); `RelayWire`
 * holds what differs. Each client does the real handshake, takes the first message as its id,
 * learns its room mates from the peer-added messages, and then sends what
 * `multiplayer.send_bytes(state)` sends to everyone (Godot 4, `server_relay` on: RELAY to 0,
 * `07 03 00000000`, around a RAW packet, `03` + the state bytes). Kept cheap so the server is
 * the bottleneck: raw sockets, one pre-masked frame per client in which only the sequence
 * number and the send time are re-masked per packet, a frame reader that only looks at lengths
 * and a few fixed offsets, latencies into a histogram.
 * Every delivered packet is checked: the relay's source id must be the id of the room mate
 * whose index the payload carries, and each sender's sequence numbers must arrive in order.
 */
export interface RelayLoadOptions {
  port: number;
  /**
   * Several servers (nodes of a cluster): client i of room r connects to
   * `ports[(r + i) % ports.length]` (default: `[port]`).
   */
  ports?: number[];
  /** Room paths (one room per path). */
  rooms: string[];
  clientsPerRoom: number;
  /** Godot 4 (default) or Godot 3 clients. */
  wire?: RelayWire;
  /** Packets per second per client; 0 = unpaced (as fast as `window` allows). */
  hz: number;
  /** Bytes of game state per packet (≥ 16). */
  stateBytes: number;
  /** Unpaced: packets per sender not yet delivered to all its room mates, at most. */
  window: number;
  warmupSeconds: number;
  seconds: number;
  /** Most seconds to wait after the window for the packets still in transit. */
  drainSeconds: number;
  /** Called when the measured window opens and when it closes (server CPU, memory). */
  onWindow?: (edge: 'start' | 'end') => void;
}

export interface RelayLoadResult {
  /** Packets the clients sent inside the measured window. */
  sent: number;
  /** Sends the schedule asked for inside the window (paced runs; `sent` for unpaced ones). */
  scheduled: number;
  /** Deliveries of packets sent inside the window (each room mate counts). */
  delivered: number;
  /** Deliveries owed for the packets sent inside the window. */
  expected: number;
  /** Packets that arrived before an earlier one of the same sender, or twice. */
  outOfOrder: number;
  /** Relayed packets whose source id was not the sender the payload names. */
  wrongSender: number;
  /** Sends skipped because the client's outbound buffer was full (Godot: ERR_OUT_OF_MEMORY). */
  blocked: number;
  /** Clients whose connection ended during the run (the server closed or reset it). */
  dropped: number;
  seconds: number;
  latency: LatencyHistogram;
  /** This process's CPU time in the window, in cores (1 = one core busy). */
  generatorCpu: number;
  joinSeconds: number;
}

// The state, after the wire's header: seq u32, send time f64, the sender's index u32, filler.
const SEQ = 0;
const TIME = 4;
const INDEX = 12;
const CLIENT_HEADER = 6; // 0x82, 0x80 | length, 4-byte mask (messages < 126 bytes)

interface Stats {
  t0: number;
  t1: number;
  sent: number;
  delivered: number;
  outOfOrder: number;
  wrongSender: number;
  blocked: number;
  /** Clients whose connection ended during the run (the server closed or reset it). */
  dropped: number;
  latency: LatencyHistogram;
  /** Unpaced runs: senders top up their window as deliveries arrive. */
  unpaced: boolean;
  window: number;
}

class Room {
  readonly ids: Int32Array;
  readonly clients: Client[] = [];
  /** Unpaced: deliveries owed (sent × room mates) minus made, per sender. */
  readonly owed: Float64Array;
  readonly path: string;
  constructor(path: string, size: number) {
    this.path = path;
    this.ids = new Int32Array(size);
    this.owed = new Float64Array(size);
  }
}

class Client {
  readonly socket: Socket;
  #template = Buffer.alloc(0);
  readonly #key = randomBytes(4);
  readonly #wire: RelayWire;
  readonly #stateBytes: number;
  readonly #scratch = Buffer.allocUnsafe(12);
  readonly #last: Int32Array;
  readonly peers = new Set<number>();
  id = 0;
  seq = 0;
  #carry: Buffer | null = null;
  #joined = false;
  #ready!: () => void;
  #failed!: (err: Error) => void;
  readonly ready: Promise<void>;
  readonly room: Room;
  readonly index: number;
  readonly stats: Stats;

  constructor(
    room: Room,
    index: number,
    stats: Stats,
    port: number,
    wire: RelayWire,
    stateBytes: number,
  ) {
    this.room = room;
    this.index = index;
    this.stats = stats;
    this.#wire = wire;
    this.#stateBytes = stateBytes;
    this.#last = new Int32Array(room.ids.length).fill(-1);
    this.ready = new Promise((resolve, reject) => {
      this.#ready = () => {
        this.#joined = true;
        resolve();
      };
      this.#failed = reject;
    });
    this.socket = connect({ port, host: '127.0.0.1', noDelay: true });
    this.socket.on('error', (err) => this.#failed(err));
    this.socket.once('close', () => {
      if (this.#joined) this.stats.dropped++;
      this.#failed(new Error(`client ${room.path}#${index} closed`));
    });
    this.#handshake(port);
  }

  /** The masked frame every send starts from (once the id is known: Godot 3 sends it). */
  #buildTemplate(): void {
    const message = this.#wire.message(this.id, this.#stateBytes);
    const state = this.#wire.stateOffset;
    message.writeUInt32LE(this.index, state + INDEX);
    for (let i = state + INDEX + 4; i < message.length; i++) message[i] = i & 0xff;
    const template = Buffer.allocUnsafe(CLIENT_HEADER + message.length);
    template[0] = 0x82;
    template[1] = 0x80 | message.length;
    this.#key.copy(template, 2);
    for (let i = 0; i < message.length; i++) {
      template[CLIENT_HEADER + i] = message[i]! ^ this.#key[i & 3]!;
    }
    this.#template = template;
  }

  #handshake(port: number): void {
    const key = randomBytes(16).toString('base64');
    this.socket.write(
      `GET ${this.room.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    let head = Buffer.alloc(0);
    const onHead = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      this.socket.off('data', onHead);
      const status = head.subarray(0, end).toString('latin1').split('\r\n')[0]!;
      if (!status.includes(' 101 ')) {
        this.#failed(new Error(`${this.room.path}: ${status}`));
        return;
      }
      this.socket.on('data', (c: Buffer) => this.#onData(c));
      if (end + 4 < head.length) this.#onData(head.subarray(end + 4));
    };
    this.socket.on('data', onHead);
  }

  /** Writes one state packet stamped `now`; false if the outbound buffer was full. */
  send(now: number): boolean {
    if (this.socket.writableLength > 65535) {
      this.stats.blocked++;
      return false;
    }
    const frame = Buffer.allocUnsafe(this.#template.length);
    this.#template.copy(frame, 0);
    this.#stamp(frame, 0, now);
    this.socket.write(frame);
    if (now >= this.stats.t0 && now < this.stats.t1) this.stats.sent++;
    return true;
  }

  /** Writes `count` state packets in one write (unpaced runs). */
  sendBatch(count: number, now: number): void {
    const size = this.#template.length;
    const batch = Buffer.allocUnsafe(size * count);
    for (let i = 0; i < count; i++) {
      this.#template.copy(batch, i * size);
      this.#stamp(batch, i * size, now);
    }
    this.socket.write(batch);
    if (now >= this.stats.t0 && now < this.stats.t1) this.stats.sent += count;
  }

  #stamp(frame: Buffer, at: number, now: number): void {
    const s = this.#scratch;
    s.writeUInt32LE(this.seq++, 0);
    s.writeDoubleLE(now, 4);
    const key = this.#key;
    const seq = this.#wire.stateOffset + SEQ;
    const base = at + CLIENT_HEADER + seq;
    for (let i = 0; i < 12; i++) frame[base + i] = s[i]! ^ key[(seq + i) & 3]!;
  }

  #onData(chunk: Buffer): void {
    let buf = chunk;
    if (this.#carry !== null) {
      buf = Buffer.concat([this.#carry, chunk]);
      this.#carry = null;
    }
    const end = buf.length;
    const now = performance.now();
    let off = 0;
    while (off + 2 <= end) {
      const b1 = buf[off + 1]! & 0x7f;
      let header = 2;
      let length = b1;
      if (b1 === 126) {
        if (off + 4 > end) break;
        length = buf.readUInt16BE(off + 2);
        header = 4;
      } else if (b1 === 127) {
        if (off + 10 > end) break;
        length = Number(buf.readBigUInt64BE(off + 2));
        header = 10;
      }
      if (off + header + length > end) break;
      const opcode = buf[off]! & 0x0f;
      if (opcode === 2) this.#onMessage(buf, off + header, length, now);
      else if (opcode === 8) this.#failed(new Error(`${this.room.path}: server closed`));
      off += header + length;
    }
    if (off < end) this.#carry = buf.subarray(off);
    if (this.stats.unpaced) topUp(this.room, now);
  }

  #onMessage(buf: Buffer, at: number, length: number, now: number): void {
    const wire = this.#wire;
    if (this.id === 0) {
      this.id = wire.ownId(buf, at, length);
      if (this.id === 0) {
        this.#failed(new Error(`${this.room.path}: the first message is not the client's id`));
        return;
      }
      this.room.ids[this.index] = this.id;
      this.#buildTemplate();
      this.#checkReady();
      return;
    }
    if (wire.isState(buf, at, length)) {
      const stats = this.stats;
      const state = at + wire.stateOffset;
      const index = buf.readUInt32LE(state + INDEX);
      const source = buf.readInt32LE(at + wire.sourceOffset);
      const room = this.room;
      if (index >= room.ids.length || room.ids[index] !== source || index === this.index) {
        stats.wrongSender++;
        return;
      }
      const seq = buf.readUInt32LE(state + SEQ);
      const last = this.#last[index]!;
      if (seq <= last) stats.outOfOrder++;
      else this.#last[index] = seq;
      room.owed[index] = room.owed[index]! - 1;
      const sentAt = buf.readDoubleLE(state + TIME);
      if (sentAt >= stats.t0 && sentAt < stats.t1) {
        stats.delivered++;
        stats.latency.record(now - sentAt);
      }
      return;
    }
    const added = wire.addedPeer(buf, at, length);
    if (added > 1) {
      this.peers.add(added);
      this.#checkReady();
    }
  }

  #checkReady(): void {
    if (this.id !== 0 && this.peers.size === this.room.ids.length - 1) this.#ready();
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.destroy();
  }
}

/** Unpaced: lets every sender of the room send until `window` packets per mate are owed. */
function topUp(room: Room, now: number): void {
  const stats = room.clients[0]!.stats;
  const mates = room.ids.length - 1;
  const limit = stats.window * mates;
  for (let i = 0; i < room.clients.length; i++) {
    const owed = room.owed[i]!;
    if (owed > limit / 2) continue;
    const count = Math.floor((limit - owed) / mates);
    if (count <= 0) continue;
    room.owed[i] = owed + count * mates;
    room.clients[i]!.sendBatch(count, now);
  }
}

/** Joins every client, runs the load (warm-up, measured window, drain), closes them. */
export async function runRelayLoad(options: RelayLoadOptions): Promise<RelayLoadResult> {
  const stats: Stats = {
    t0: Number.POSITIVE_INFINITY,
    t1: Number.POSITIVE_INFINITY,
    sent: 0,
    delivered: 0,
    outOfOrder: 0,
    wrongSender: 0,
    blocked: 0,
    dropped: 0,
    latency: new LatencyHistogram(),
    unpaced: false,
    window: options.window,
  };
  const joinStart = performance.now();
  const rooms = options.rooms.map((path) => new Room(path, options.clientsPerRoom));
  const clients: Client[] = [];
  try {
    // Whole rooms join together, at most ~256 handshakes at a time.
    const block = options.clientsPerRoom * Math.max(1, Math.floor(256 / options.clientsPerRoom));
    const all: [Room, number, number][] = rooms.flatMap((r, ri) =>
      Array.from(
        { length: options.clientsPerRoom },
        (_, i) => [r, i, ri] as [Room, number, number],
      ),
    );
    const ports = options.ports ?? [options.port];
    for (let i = 0; i < all.length; i += block) {
      const batch = all.slice(i, i + block).map(([room, index, ri]) => {
        const wire = options.wire ?? GODOT4_WIRE;
        const port = ports[(ri + index) % ports.length] ?? options.port;
        const c = new Client(room, index, stats, port, wire, options.stateBytes);
        room.clients.push(c);
        return c;
      });
      clients.push(...batch);
      await Promise.all(batch.map((c) => c.ready));
    }
    // Every client must learn of every room mate (ADD_PEER may trail the last id by a moment
    // when room mates reached different processes of a cluster).
    const missing = () => {
      for (const room of rooms) {
        for (const c of room.clients) {
          for (let i = 0; i < room.ids.length; i++) {
            if (i !== c.index && !c.peers.has(room.ids[i]!)) {
              return `${room.path}: client ${c.index} got no ADD_PEER for ${room.ids[i]}`;
            }
          }
        }
      }
      return '';
    };
    const peersBy = performance.now() + 5000;
    while (missing() !== '' && performance.now() < peersBy) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (missing() !== '') throw new Error(missing());
    const joinSeconds = (performance.now() - joinStart) / 1000;
    const start = performance.now();
    stats.t0 = start + options.warmupSeconds * 1000;
    stats.t1 = stats.t0 + options.seconds * 1000;
    let scheduled = 0;
    let cpuAtT0: NodeJS.CpuUsage | null = null;
    let cpuInWindow = 0;
    const markCpu = (now: number) => {
      if (cpuAtT0 === null && now >= stats.t0) {
        cpuAtT0 = process.cpuUsage();
        options.onWindow?.('start');
      }
    };
    const endWindow = () => {
      cpuInWindow = cpuSince(cpuAtT0);
      options.onWindow?.('end');
    };
    if (options.hz > 0) {
      // One schedule for all clients: send k is due at start + k × period / clients, client
      // k mod clients, so the clients' ticks are spread evenly over a period. A generator that
      // falls behind by more than a period skips sends (as a game's late frame sends once).
      const step = 1000 / options.hz / clients.length;
      scheduled = Math.round((options.seconds * 1000) / step);
      let k = 0;
      await new Promise<void>((resolve) => {
        const tick = () => {
          const now = performance.now();
          markCpu(now);
          if (now >= stats.t1) {
            endWindow();
            resolve();
            return;
          }
          const due = Math.floor((now - start) / step);
          if (due - k > clients.length) k = due - clients.length;
          for (; k <= due; k++) clients[k % clients.length]!.send(now);
          setTimeout(tick, 1);
        };
        tick();
      });
    } else {
      stats.unpaced = true;
      const now = performance.now();
      for (const room of rooms) topUp(room, now);
      await new Promise<void>((resolve) => {
        const check = () => {
          const now = performance.now();
          markCpu(now);
          if (now >= stats.t1) {
            endWindow();
            stats.unpaced = false;
            resolve();
          } else setTimeout(check, 5);
        };
        check();
      });
      scheduled = stats.sent;
    }
    const mates = options.clientsPerRoom - 1;
    const drainUntil = performance.now() + options.drainSeconds * 1000;
    while (stats.delivered < stats.sent * mates && performance.now() < drainUntil) {
      await new Promise((r) => setTimeout(r, 10));
    }
    return {
      sent: stats.sent,
      scheduled,
      delivered: stats.delivered,
      expected: stats.sent * mates,
      outOfOrder: stats.outOfOrder,
      wrongSender: stats.wrongSender,
      blocked: stats.blocked,
      dropped: stats.dropped,
      seconds: options.seconds,
      latency: stats.latency,
      generatorCpu: cpuInWindow / options.seconds,
      joinSeconds,
    };
  } finally {
    for (const c of clients) c.close();
  }
}

function cpuSince(before: NodeJS.CpuUsage | null): number {
  if (before === null) return 0;
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1e6;
}
