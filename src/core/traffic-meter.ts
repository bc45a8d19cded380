/**
 * Counts WebSocket messages and their payload bytes in each direction. One meter is usually
 * shared by many peers (a room, a whole server), so counting costs each message one addition
 * and an idle peer holds only a reference. Not part of Godot's API.
 */
export class TrafficMeter {
  /** Messages taken from peers with `getPacket` (control frames not counted). */
  messagesIn = 0;
  /** Payload bytes of `messagesIn`. */
  bytesIn = 0;
  /** Messages accepted by `send` / `putPacket`. */
  messagesOut = 0;
  /** Payload bytes of `messagesOut`. */
  bytesOut = 0;

  /** Adds another meter's counts to this one (e.g. a closed room's totals to the server's). */
  add(other: TrafficMeter): void {
    this.messagesIn += other.messagesIn;
    this.bytesIn += other.bytesIn;
    this.messagesOut += other.messagesOut;
    this.bytesOut += other.bytesOut;
  }
}
