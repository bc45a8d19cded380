import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';

/** The application in Godot's loop: `poll()`, then answer every packet at once with its kind. */
export function echoLoop(peer: WebSocketPeer): () => void {
  return () => {
    peer.poll();
    while (peer.getAvailablePacketCount() > 0) {
      const packet = peer.getPacket();
      const text = peer.wasStringPacket();
      peer.send(packet, text ? WebSocketPeer.WRITE_MODE_TEXT : WebSocketPeer.WRITE_MODE_BINARY);
    }
  };
}
