/** Tells the benchmark parent our port, and answers its RSS questions over IPC. */
export function reportToParent(port: number): void {
  process.send?.({ port });
  process.on('message', (message: unknown) => {
    if (message === 'mem') {
      globalThis.gc?.();
      process.send?.(process.memoryUsage());
    }
    if (message === 'rss') {
      globalThis.gc?.();
      process.send?.({ rss: process.memoryUsage().rss });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
