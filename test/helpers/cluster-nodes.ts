import { type CliProcess, httpGet, startServe } from './cli.js';
import { startRedis, type TestRedis } from './redis-server.js';

/** A node of a test cluster: a `serve --cluster` process. */
export interface TestNode {
  cli: CliProcess;
  port: number;
  url: (room: string) => string;
  nodeId: string;
}

/** A Redis of its own and `count` `serve --cluster` processes on loopback. */
export async function startCluster(
  count: number,
  args: string[] = [],
): Promise<{ redis: TestRedis; nodes: TestNode[]; stop(): Promise<void> }> {
  const redis = await startRedis();
  const nodes: TestNode[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const { cli, port, url } = await startServe(['--cluster', redis.url, ...args], 120_000);
      const nodeId = /cluster node (\S+)/.exec(cli.stdout())?.[1] ?? '';
      nodes.push({ cli, port, url: (room) => `${url}${room.replace(/^\//, '')}`, nodeId });
    }
  } catch (err) {
    for (const node of nodes) node.cli.kill();
    await redis.stop();
    throw err;
  }
  return {
    redis,
    nodes,
    async stop() {
      for (const node of nodes) node.cli.kill();
      await Promise.all(nodes.map((node) => node.cli.exited));
      await redis.stop();
    },
  };
}

/** The value of one labelled sample of `/metrics` (0 when absent). */
export async function clusterMetric(port: number, name: string, label: string): Promise<number> {
  const { body } = await httpGet(port, '/metrics');
  const line = body.split('\n').find((l) => l.startsWith(`${name}{${label}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
