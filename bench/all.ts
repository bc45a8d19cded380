// The three tables of issue 22 in one command: echo (echo.js: against ws, Bun and a raw TCP
// echo), what idle peers cost (idle-peers.js: 10,000 idle connections, echo mode) and the relay
// (relay.js: against a relay on ws and real Godot 3.2.3), and issue 18's crowd soak (soak.js:
// 2,000 paced clients against ws), one after the other. Each runs in a
// process of its own, as when run alone: one benchmark's JIT state, heap and servers do not
// carry into the next. Tables go to stdout, progress to stderr.
// Usage: npm run build && npm run build:test && node build/bench/all.js [--quick]
//   [--only echo,idle,relay,soak]
// --quick: each with short rounds (a check that everything runs, minutes; not for numbers).
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: 'echo,idle,relay,soak' },
  },
});
const quick = values.quick;

interface Part {
  name: string;
  script: string;
  args: string[];
}
const parts: Part[] = [
  { name: 'echo', script: 'echo.js', args: quick ? ['--quick'] : [] },
  {
    name: 'idle',
    script: 'idle-peers.js',
    args: [
      '--mode',
      'echo',
      '--idle',
      '10000',
      ...(quick ? ['--seconds', '1', '--rounds', '1'] : []),
    ],
  },
  { name: 'relay', script: 'relay.js', args: quick ? ['--quick'] : [] },
  {
    name: 'soak',
    script: 'soak.js',
    args: quick ? ['--clients', '500', '--rates', '5', '--rounds', '1', '--seconds', '2'] : [],
  },
];
const wanted = values.only.split(',');
for (const name of wanted) {
  if (!parts.some((p) => p.name === name))
    throw new Error(`unknown part ${name} (echo, idle, relay, soak)`);
}

function run(part: Part): Promise<number> {
  const child = spawn(process.execPath, [join(import.meta.dirname, part.script), ...part.args], {
    stdio: 'inherit',
  });
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1))),
  );
}

const load = () => loadavg()[0]!.toFixed(1);
const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
console.log(
  `# godot-websocket benchmarks${quick ? ' (--quick: short rounds, not for numbers)' : ''}: ${new Date().toISOString()}, Node ${process.version}, ${availableParallelism()} CPUs, load average ${load()}`,
);
const began = performance.now();
const failed: string[] = [];
for (const part of parts.filter((p) => wanted.includes(p.name))) {
  const [at, loadBefore] = [performance.now(), load()];
  console.log(
    `\n## ${part.name}: node build/bench/${part.script} ${part.args.join(' ')}`.trimEnd(),
  );
  const code = await run(part);
  if (code !== 0) failed.push(`${part.name} (exit ${code})`);
  console.log(
    `\n(${part.name}: ${minutes(performance.now() - at)}, load average ${loadBefore} → ${load()}${code === 0 ? '' : `; FAILED, exit ${code}`})`,
  );
}
console.log(
  `\nAll: ${minutes(performance.now() - began)}${failed.length ? `; failed: ${failed.join(', ')}` : ''}`,
);
if (failed.length > 0) process.exitCode = 1;
