import { spawn } from 'node:child_process';

/**
 * The V8 flag `godot-ws serve` runs with: an old generation that starts at 64 MiB. With V8's
 * default a small server's heap sits just under its limit, so the few objects each scavenge
 * promotes set off a mark-compact every few tens of milliseconds under load, and the external
 * buffers those free come back as fresh pages (bench/README.md, "The CLI against the example":
 * 1 KiB echo 8–19 mark-compacts in 3 s → none; 1 MiB × 100 connections 1.5× the messages).
 */
export const SERVE_HEAP_FLAG = '--initial-old-space-size=64';

/** Set in the child: it is the one that serves (and the switch to serve in this process). */
export const SAME_PROCESS_ENV = 'GODOT_WS_SAME_PROCESS';

/**
 * Whether `serve` should run in a child Node started with `SERVE_HEAP_FLAG`: only when Node
 * was started without flags of its own (a user's `--inspect` or heap flags are left as they
 * are) and `GODOT_WS_SAME_PROCESS` is not set.
 */
export function wantsRespawn(execArgv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return execArgv.length === 0 && !env[SAME_PROCESS_ENV];
}

/**
 * Runs this command line again in a child Node with `SERVE_HEAP_FLAG` (same stdio) and resolves
 * with its exit status. SIGINT, SIGTERM and SIGHUP sent to this process are passed on; if this
 * process dies, the child sees its IPC channel close and shuts down as on SIGTERM. Resolves
 * with -1 if the child could not be started (then serve in this process).
 */
export function respawnWithHeapFlag(script: string, argv: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVE_HEAP_FLAG, script, ...argv], {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, [SAME_PROCESS_ENV]: '1' },
    });
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers = signals.map((s) => [s, pass(s)] as const);
    for (const [s, h] of handlers) process.on(s, h);
    child.once('error', () => resolve(-1));
    child.once('exit', (code, signal) => {
      for (const [s, h] of handlers) process.off(s, h);
      resolve(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1));
    });
  });
}

/** In the child: a parent that went away (even by SIGKILL) means shut down, as on SIGTERM. */
export function followParent(): void {
  if (typeof process.send !== 'function') return;
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.channel?.unref(); // the channel alone does not keep the server running
}
