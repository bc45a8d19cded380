import cluster, { type Worker } from 'node:cluster';
import type { Socket } from 'node:net';
import type { OpenRequest } from './cluster-frames.js';

/** The messages of the handoff protocol between workers and their primary (over Node's IPC). */
type HandoffMessage =
  | { gws: 'node'; nodeId: string }
  | { gws: 'nodes'; nodeIds: string[] }
  | { gws: 'handoff'; to: string; open: OpenRequest };

function isHandoffMessage(value: unknown): value is HandoffMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { gws?: unknown }).gws === 'string'
  );
}

/**
 * Between the workers of one `serve --workers N` (Node's `cluster` module): a client that
 * reached one worker for a room whose home is another worker of the same primary is not
 * forwarded through Redis; its socket itself is handed over (Node passes the file descriptor
 * through the primary), with the request bytes already read, and the home serves it directly.
 * After the handshake the client's traffic never crosses processes. Plain TCP only: a TLS
 * socket's state cannot move, so wss:// clients are forwarded through Redis as between machines.
 */
export class WorkerHandoff {
  readonly #siblings = new Set<string>();
  readonly #nodeId: string;
  /** Sockets handed over (sent, received). */
  sent = 0;
  received = 0;

  /** In a cluster worker: the handoff of node `nodeId`; null in any other process. */
  static start(
    nodeId: string,
    onSocket: (open: OpenRequest, socket: Socket) => void,
  ): WorkerHandoff | null {
    if (!cluster.isWorker || typeof process.send !== 'function') return null;
    const handoff = new WorkerHandoff(nodeId);
    process.on('message', (message: unknown, handle: unknown) => {
      if (!isHandoffMessage(message)) return;
      if (message.gws === 'nodes') {
        handoff.#siblings.clear();
        for (const id of message.nodeIds) if (id !== nodeId) handoff.#siblings.add(id);
      } else if (message.gws === 'handoff' && handle) {
        handoff.received++;
        onSocket(message.open, handle as Socket);
      }
    });
    process.send({ gws: 'node', nodeId } satisfies HandoffMessage);
    return handoff;
  }

  private constructor(nodeId: string) {
    this.#nodeId = nodeId;
  }

  /** Whether node `node` is another worker of this primary. */
  canReach(node: string): boolean {
    return node !== this.#nodeId && this.#siblings.has(node);
  }

  /**
   * Hands `socket` to worker `node` with the request it sent (and any bytes it sent after it,
   * which are added to `open.head`). False if `node` is not a sibling (the socket is untouched).
   */
  send(node: string, open: OpenRequest, socket: Socket): boolean {
    if (!this.canReach(node) || typeof process.send !== 'function') return false;
    socket.pause();
    const unread = socket.read() as Buffer | null;
    const head = unread ? Buffer.concat([Buffer.from(open.head, 'base64'), unread]) : null;
    const message: HandoffMessage = {
      gws: 'handoff',
      to: node,
      open: head ? { ...open, head: head.toString('base64') } : open,
    };
    this.sent++;
    // (false from process.send means "queued behind other messages", not "failed".)
    process.send(message, socket, { keepOpen: false }, (err: Error | null) => {
      if (err) socket.destroy();
    });
    return true;
  }
}

/**
 * In the primary of `serve --workers N`: learns each worker's node id, tells every worker the
 * others', and passes handed-over sockets to the worker they are for.
 */
export function relayWorkerHandoffs(): void {
  const nodes = new Map<string, Worker>();
  const announce = () => {
    const message: HandoffMessage = { gws: 'nodes', nodeIds: [...nodes.keys()] };
    for (const worker of nodes.values()) if (worker.isConnected()) worker.send(message);
  };
  cluster.on('message', (worker: Worker, message: unknown, handle: unknown) => {
    if (!isHandoffMessage(message)) return;
    if (message.gws === 'node') {
      nodes.set(message.nodeId, worker);
      announce();
    } else if (message.gws === 'handoff') {
      const target = nodes.get(message.to);
      const socket = handle as Socket | undefined;
      if (target?.isConnected() && socket) target.send(message, socket);
      else socket?.destroy(); // its worker is gone: the client reconnects
    }
  });
  cluster.on('exit', (worker: Worker) => {
    for (const [id, w] of nodes) if (w === worker) nodes.delete(id);
    announce();
  });
}
