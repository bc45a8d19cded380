/** Waits a macrotask (lets socket events run). */
export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `poll` (e.g. `peer.poll()`), then checks `done`, until `done` is true or the deadline
 * passes; then throws with `what` in the message. Yields to the event loop between rounds.
 */
export async function pollUntil(
  what: string,
  done: () => boolean,
  poll: () => void = () => {},
  deadlineMs = 5000,
): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    poll();
    if (done()) return;
    if (Date.now() > end) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
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
