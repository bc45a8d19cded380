/** Waits a little (a macrotask turn, so socket events get delivered). */
export function tick(ms = 1): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `poll` (e.g. `peer.poll()`; optional), then checks `done`, until `done` is true or the
 * deadline passes; then rejects with `what` in the message. Yields to the event loop between
 * rounds. The third argument may also be the deadline in ms when there is nothing to poll.
 */
export async function pollUntil(
  what: string,
  done: () => boolean,
  pollOrDeadline: (() => void) | number = () => {},
  deadlineMs = 5000,
): Promise<void> {
  const poll = typeof pollOrDeadline === 'function' ? pollOrDeadline : () => {};
  const limit = typeof pollOrDeadline === 'number' ? pollOrDeadline : deadlineMs;
  const end = Date.now() + limit;
  for (;;) {
    poll();
    if (done()) return;
    if (Date.now() > end) throw new Error(`timed out after ${limit} ms waiting for ${what}`);
    await tick(1);
  }
}

/** Polls for a fixed time (to show that something does NOT happen). */
export async function pollFor(ms: number, poll: () => void): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    poll();
    await tick(1);
  }
}
