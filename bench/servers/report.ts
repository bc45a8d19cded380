/**
 * Tells the benchmark parent our port, and answers its questions over IPC: 'cpu' (user +
 * system µs so far) and 'mem' (after a full GC: `gc`, Node's --expose-gc by default).
 * Exits when the parent goes.
 */
export function reportToParent(port: number, gc: (() => void) | undefined = globalThis.gc): void {
  process.send?.({ port });
  process.on('message', (message: unknown) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpu: user + system });
    }
    if (message === 'mem') {
      gc?.();
      process.send?.(process.memoryUsage());
    }
  });
  process.on('disconnect', () => process.exit(0));
}
