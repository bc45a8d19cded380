import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { walkImports } from '../helpers/import-graph.js';

const root = join(import.meta.dirname, '..', '..', '..', 'src');

test('prom-client is loaded only by the first /metrics request (a dynamic import in metrics.ts)', () => {
  for (const entry of ['index.ts', 'server/index.ts']) {
    const edges = walkImports(join(root, entry), '.ts');
    const prom = edges.filter((e) => e.specifier === 'prom-client');
    for (const edge of prom) {
      assert.ok(edge.from.endsWith('server/metrics.ts'), `${edge.from} imports prom-client`);
      const text = readFileSync(edge.from, 'utf8');
      assert.match(text, /import\('prom-client'\)/);
      assert.doesNotMatch(text, /^import [^t][^\n]* from 'prom-client'/m);
    }
  }
  // The library's main entry does not reach the server layer at all.
  const main = walkImports(join(root, 'index.ts'), '.ts');
  assert.ok(!main.some((e) => e.from.includes('/server/')));
});

test('ioredis is loaded only when a cluster starts (a dynamic import in cluster/redis-client.ts)', () => {
  for (const entry of ['index.ts', 'server/index.ts', 'cli/main.ts']) {
    const edges = walkImports(join(root, entry), '.ts');
    const redis = edges.filter((e) => e.specifier === 'ioredis');
    // The server entry and the CLI reach the cluster, so the walk must see its one import.
    if (entry !== 'index.ts')
      assert.equal(redis.length, 1, `${entry}: ${redis.map((e) => e.from)}`);
    else assert.equal(redis.length, 0, 'the library entry does not reach the cluster');
    for (const edge of redis) {
      assert.ok(
        edge.from.endsWith('server/cluster/redis-client.ts'),
        `${edge.from} imports ioredis`,
      );
      const text = readFileSync(edge.from, 'utf8');
      assert.match(text, /import\('ioredis'\)/);
      assert.doesNotMatch(text, /^import [^t][^\n]* from 'ioredis'/m);
    }
  }
});
