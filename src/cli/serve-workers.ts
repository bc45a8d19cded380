import cluster from 'node:cluster';
import { relayWorkerHandoffs } from '../server/cluster/worker-handoff.js';
import type { ConsoleOutput } from './console-output.js';

/** Set in a worker's environment: its number (1…N). */
export const WORKER_ENV = 'GODOT_WS_WORKER';

/** This process's worker number, or 0 in a process that is not a worker. */
export function workerNumber(): number {
  return cluster.isPrimary ? 0 : Number(process.env[WORKER_ENV] ?? 0);
}

/**
 * `serve --workers N`: this process starts N workers (Node's `cluster` module: they share the
 * listening port, the primary hands each new connection to the next worker in turn) and waits.
 * A worker that dies is started again after a second (one that dies before it listens stops
 * them all: the reason would not go away); SIGINT / SIGTERM go to every worker,
 * which shut down as a single server does. Resolves with the highest exit status of the
 * workers once all have stopped.
 */
export function runWorkers(count: number, out: ConsoleOutput): Promise<number> {
  let stopping = false;
  let status = 0;
  const start = (n: number) => {
    const worker = cluster.fork({ [WORKER_ENV]: String(n) });
    let listening = false;
    worker.on('listening', () => {
      listening = true;
    });
    worker.on('exit', (code, signal) => {
      if (code !== 0) status = Math.max(status, code ?? 1);
      if (stopping) return;
      if (!listening) {
        // It could not start (port taken, Redis unreachable): starting it again would not help.
        out.line(`godot-ws serve: worker ${n} could not start; stopping.`);
        stop('SIGTERM');
        return;
      }
      out.line(`godot-ws serve: worker ${n} exited (${signal ?? code}); starting it again.`);
      setTimeout(() => {
        if (!stopping) start(n);
      }, 1000);
    });
  };
  relayWorkerHandoffs();
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  for (let n = 1; n <= count; n++) start(n);
  return new Promise((resolve) => {
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    const check = () => {
      if (stopping && Object.keys(cluster.workers ?? {}).length === 0) resolve(status);
    };
    cluster.on('exit', () => setImmediate(check));
  });
}
