import { Socket } from 'node:net';

/** Records every `setNoDelay` a real socket gets while `body` runs (the call still happens). */
export async function recordNoDelay(body: () => Promise<void>): Promise<[Socket, boolean][]> {
  const calls: [Socket, boolean][] = [];
  const original = Socket.prototype.setNoDelay;
  Socket.prototype.setNoDelay = function (this: Socket, enabled?: boolean) {
    calls.push([this, enabled !== false]);
    return original.call(this, enabled);
  };
  try {
    await body();
  } finally {
    Socket.prototype.setNoDelay = original;
  }
  return calls;
}
