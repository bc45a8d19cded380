// The functions with the most self time in a V8 CPU profile (`node --cpu-prof`), e.g. one
// written by `node build/bench/relay.js --profile DIR`.
// Run: node build/bench/cpu-profile-top.js FILE.cpuprofile [--top 25]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: cpu-profile-top FILE.cpuprofile [--top N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i]!)!;
  const dt = profile.timeDeltas[i] ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    ? `${url.replace(/^.*\/(dist|build|node_modules)\//, '$1/')}:${lineNumber + 1}`
    : '';
  const key = `${functionName || '(anonymous)'} ${where}`.trim();
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
}
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
console.log(`${(total / 1e6).toFixed(2)} s sampled in ${file}\n`);
console.log('| self % | self ms | function |');
console.log('| ---: | ---: | --- |');
for (const [name, us] of rows) {
  console.log(`| ${((100 * us) / total).toFixed(1)} | ${(us / 1000).toFixed(0)} | ${name} |`);
}
