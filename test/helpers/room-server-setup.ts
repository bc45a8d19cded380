import type { TestContext } from 'node:test';
import { RoomServer } from '../../src/server/room-server.js';
import type { RoomServerOptions } from '../../src/server/room-server-options.js';
import { drivePolled } from './drive-polled.js';
import { Godot4SceneClient } from './godot4-scene-client.js';
import { pollUntil } from './poll.js';

/** A room server on 127.0.0.1:0, polled by the tests (`pump`). */
export async function startRoomServer(
  options: RoomServerOptions = {},
): Promise<{ server: RoomServer; port: number; url: (room?: string) => string; origin: string }> {
  const server = new RoomServer(options);
  const err = await server.listen(0, '127.0.0.1');
  if (err !== 0) throw new Error(`listen returned ${err}: ${server.getLastError()}`);
  const port = server.getLocalPort();
  return {
    server,
    port,
    url: (room = '/') => `ws://127.0.0.1:${port}${room}`,
    origin: `http://127.0.0.1:${port}`,
  };
}

/**
 * `startRoomServer`, polled on socket activity (as `serve` does) by a driver the test can wait
 * on (`driver.until`); the driver and the server are stopped after the test.
 */
export async function startPolledRoomServer(t: TestContext, options: RoomServerOptions = {}) {
  const started = await startRoomServer(options);
  const { server } = started;
  const driver = drivePolled(
    () => server.poll(),
    (cb) => {
      server.onActivity = cb;
    },
  );
  t.after(() => {
    driver.stop();
    server.close();
  });
  return { ...started, driver };
}

/** Polls the server and every client once. */
export function pumpAll(server: RoomServer, clients: { poll(): void }[]): () => void {
  return () => {
    server.poll();
    for (const client of clients) client.poll();
  };
}

/** A Godot-4-like client joined to `url` (polled until connected_to_server). */
export async function joinRoom(
  server: RoomServer,
  url: string,
  others: { poll(): void }[] = [],
): Promise<Godot4SceneClient> {
  const client = new Godot4SceneClient();
  const err = client.connect(url);
  if (err !== 0) throw new Error(`createClient returned ${err}`);
  await pollUntil(
    `a client to join ${url}`,
    () => client.events.includes('connected_to_server'),
    pumpAll(server, [client, ...others]),
  );
  return client;
}
