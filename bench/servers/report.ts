/** Tells the benchmark parent our port, and answers its memory questions over IPC. */
export function reportToParent(port: number): void {
  process.send?.({ port });
  process.on('message', (message: unknown) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpu: user + system });
    }
    if (message === 'mem') {
      globalThis.gc?.();
      process.send?.(process.memoryUsage());
    }
  });
  process.on('disconnect', () => process.exit(0));
}
