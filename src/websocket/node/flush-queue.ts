import { logger } from '../../core/logger.js';

/**
 * Runs deferred socket flushes at the end of the current job, all peers together: one
 * microtask per batch instead of one `queueMicrotask` per peer (Node wraps each of those in an
 * async resource, which costs more than the flush of a small frame). A task is expected to be
 * queued at most once per batch; its owner keeps the flag that says so.
 */
const tasks: ((() => void) | undefined)[] = []; // keeps its largest length; `count` are live
let count = 0;
const resolved = Promise.resolve();
let scheduled = false;

export function queueFlush(task: () => void): void {
  tasks[count++] = task;
  if (scheduled) return;
  scheduled = true;
  resolved.then(runFlushes);
}

function runFlushes(): void {
  scheduled = false;
  // A task may queue more tasks (a flush that wakes code which sends): they run in this pass.
  for (let i = 0; i < count; i++) {
    const task = tasks[i]!;
    tasks[i] = undefined;
    try {
      task();
    } catch (err) {
      logger.error(`WebSocket flush failed: ${String(err)}`);
    }
  }
  count = 0;
}
