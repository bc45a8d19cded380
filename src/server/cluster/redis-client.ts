import { logger } from '../../core/logger.js';

/**
 * The part of a Redis client (ioredis) the cluster uses. ioredis is an optional dependency,
 * imported only when a cluster is started, so nothing else in the library loads it.
 */
export interface RedisClient {
  status: string;
  publish(channel: string, message: Buffer): Promise<number>;
  subscribe(channel: string): Promise<unknown>;
  set(key: string, value: string, px: 'PX', ms: number): Promise<unknown>;
  get(key: string): Promise<string | null>;
  mget(keys: string[]): Promise<(string | null)[]>;
  del(...keys: string[]): Promise<number>;
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>;
  on(event: string, listener: (...args: never[]) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

/** The connections a node holds: one for commands and publishing (in order), one subscribed. */
export interface RedisConnections {
  cmd: RedisClient;
  sub: RedisClient;
}

type RedisConstructor = new (url: string, options: Record<string, unknown>) => RedisClient;

/**
 * Connects to Redis at `url` (`redis://host:port[/db]`, `rediss://` for TLS). Commands fail at
 * once while the connection is down (no offline queue, nothing resent after a reconnect), so a
 * message that cannot be sent is counted as lost instead of arriving late; the client itself
 * reconnects with a capped backoff and resubscribes. Resolves with the connections, or a reason.
 */
export async function connectRedis(url: string): Promise<RedisConnections | string> {
  let Redis: RedisConstructor;
  try {
    const module = (await import('ioredis')) as unknown as { Redis: RedisConstructor };
    Redis = module.Redis;
  } catch {
    return 'the cluster needs the optional dependency ioredis (npm install ioredis)';
  }
  const options = {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: (attempt: number) => Math.min(50 * 2 ** attempt, 1000),
  };
  const cmd = new Redis(url, options);
  const sub = new Redis(url, { ...options, enableOfflineQueue: true });
  for (const [name, client] of [
    ['commands', cmd],
    ['subscriber', sub],
  ] as const) {
    // ioredis reports every failed reconnect; one line per state change is enough.
    let down = false;
    client.on('error', () => {
      if (!down) logger.warning(`cluster: Redis ${name} connection lost; reconnecting.`);
      down = true;
    });
    client.on('ready', () => {
      if (down) logger.info(`cluster: Redis ${name} connection back.`);
      down = false;
    });
  }
  try {
    await Promise.all([
      (cmd as unknown as { connect(): Promise<void> }).connect(),
      (sub as unknown as { connect(): Promise<void> }).connect(),
    ]);
  } catch (err) {
    cmd.disconnect();
    sub.disconnect();
    return `cannot reach Redis at ${url}: ${String((err as Error).message ?? err)}`;
  }
  return { cmd, sub };
}
