/**
 * Polls a server on its activity callback and on a 10 ms timer, as a program would;
 * `until(what, done)` resolves after the first poll where `done()` holds (rejects after `ms`).
 * `activity` hands over the callback (e.g. `(cb) => { server.onActivity = cb; }`).
 */
export function drivePolled(poll: () => void, activity: (callback: (() => void) | null) => void) {
  const waiters = new Set<() => void>();
  let scheduled = false;
  let stopped = false;
  const run = () => {
    scheduled = false;
    if (stopped) return;
    poll();
    for (const w of [...waiters]) w();
  };
  activity(() => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(run);
  });
  const timer = setInterval(run, 10);
  return {
    until(what: string, done: () => boolean, ms = 30_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done()) return;
          waiters.delete(check);
          clearTimeout(deadline);
          resolve();
        };
        const deadline = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    stop() {
      stopped = true;
      activity(null);
      clearInterval(timer);
    },
  };
}
