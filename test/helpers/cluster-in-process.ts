import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { ClusterNode } from '../../src/server/cluster/cluster-node.js';
import type { RoomServer } from '../../src/server/room-server.js';
import type { drivePolled } from './drive-polled.js';
import { startRedis, type TestRedis } from './redis-server.js';
import { startPolledRoomServer } from './room-server-setup.js';

/** A RoomServer of this process that is a node of a test cluster, polled on activity. */
export interface InProcessNode {
  server: RoomServer;
  node: ClusterNode;
  port: number;
  origin: string;
  url: (room?: string) => string;
  driver: ReturnType<typeof drivePolled>;
}

/**
 * A redis-server of the test's own and one RoomServer per id, each a ClusterNode on it and
 * polled on activity (`prepare` runs on each server before it joins, e.g. to attach
 * signaling). Everything is stopped after the test. A test that restarts Redis passes its own.
 */
export async function startInProcessCluster(
  t: TestContext,
  nodeIds: string[],
  prepare: (server: RoomServer) => void = () => {},
  redis?: TestRedis,
): Promise<InProcessNode[]> {
  if (!redis) {
    const own = await startRedis();
    t.after(() => own.stop());
    redis = own;
  }
  const nodes: InProcessNode[] = [];
  for (const nodeId of nodeIds) {
    const started = await startPolledRoomServer(t);
    prepare(started.server);
    const node = await ClusterNode.start(started.server, { url: redis.url, nodeId });
    assert.ok(node instanceof ClusterNode, String(node));
    t.after(() => node.stop());
    nodes.push({ ...started, node });
  }
  return nodes;
}
