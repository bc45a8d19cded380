/** Waits a little (a macrotask turn, so socket events get delivered). */
export function tick(ms = 1): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `step` (e.g. a `poll()` plus a check) every `intervalMs` until it returns true; rejects
 * with `what` if that has not happened within `timeoutMs`.
 */
export async function pollUntil(
  what: string,
  step: () => boolean,
  timeoutMs = 5000,
  intervalMs = 2,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (step()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await tick(intervalMs);
  }
}
