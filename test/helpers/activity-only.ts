/**
 * Drives a server the way an event-driven program without any timer would: `poll()` only after
 * its `onActivity` fired (one `setImmediate` per burst of callbacks). Shows that nothing waits
 * for a periodic sweep: `until` fails when no poll happened for a while and the goal is not met.
 */
/** No poll for this long while waiting means the server waits for a sweep that never comes. */
const STALL_MS = 3000;

export interface Polled {
  poll(): void;
  onActivity: (() => void) | null;
}

/** Polls `server` only when it reports activity; `until` fails when polling stalls. */
export function activityOnly(server: Polled, before: () => void = () => {}) {
  let polls = 0;
  let scheduled = false;
  let lastPoll = Date.now();
  const waiters = new Set<() => void>();
  server.onActivity = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      before();
      server.poll();
      polls++;
      lastPoll = Date.now();
      for (const w of [...waiters]) w();
    });
  };
  return {
    get polls() {
      return polls;
    },
    until(what: string, done: () => boolean): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done()) return;
          waiters.delete(check);
          clearInterval(watch);
          resolve();
        };
        const watch = setInterval(() => {
          if (done()) return check();
          if (Date.now() - lastPoll < STALL_MS) return;
          waiters.delete(check);
          clearInterval(watch);
          reject(new Error(`${what}: no poll for ${STALL_MS} ms (after ${polls} polls)`));
        }, 50);
        waiters.add(check);
        check();
      });
    },
  };
}
