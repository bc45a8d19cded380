// The echo benchmark's load generator in C (bench/native/loadgen.c: epoll, one thread), built
// with the machine's `cc` on first use into build/bench/native/. It does what runLoad() in
// load-client.ts does (nativeLoad() has its signature), but a JavaScript generator tops out below a raw TCP echo on one core;
// this one does not, so the servers, not the generator, set the numbers.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult, runLoad } from './load-client.js';

const here = import.meta.dirname;
const source = join(here, '..', '..', 'bench', 'native', 'loadgen.c');
const binary = join(here, 'native', 'loadgen');

/** The generator's path, compiled if missing or older than its source; null without `cc`. */
export function nativeLoadGenerator(): string | null {
  try {
    if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return binary;
    mkdirSync(join(here, 'native'), { recursive: true });
    execFileSync('cc', ['-O2', '-o', binary, source], { stdio: 'pipe' });
    return binary;
  } catch {
    return null;
  }
}

interface NativeOutput {
  messages?: number;
  bytes?: number;
  seconds?: number;
  skipped?: number;
  /** Round-trip quantiles in µs: q[i] is the i/1000 quantile. */
  q?: number[];
  error?: string;
}

/**
 * `runLoad` (same parameters, same result) on the C generator at `generator`, run on the CPU
 * `cpu` if set. `rtts` holds the 1001 per-mille quantiles in ms, so percentiles read from it as
 * from runLoad()'s sorted list.
 */
export function nativeLoad(generator: string, cpu?: number): typeof runLoad {
  return (port, size, connections, inflight, seconds, raw = false) => {
    const args = [port, size, connections, inflight, seconds].map(String);
    if (raw) args.push('raw'); // a plain TCP echo: no upgrade request
    return runGenerator(pinnedCommand(generator, args, cpu), seconds);
  };
}

/** What a paced run adds: sends skipped because a connection had `inflight` unanswered. */
export interface PacedResult extends LoadResult {
  skipped: number;
}

/**
 * The C generator paced (open loop): `connections` each send `perSecond` messages of `size`
 * bytes a second for `seconds`, spread evenly, at most `inflight` unanswered per connection;
 * round trips of the first quarter of the window (at most 1 s) are not kept.
 */
export function pacedLoad(
  generator: string,
  cpu?: number,
): (
  port: number,
  size: number,
  connections: number,
  perSecond: number,
  seconds: number,
  inflight?: number,
) => Promise<PacedResult> {
  return (port, size, connections, perSecond, seconds, inflight = 16) => {
    const args = [port, size, connections, inflight, seconds].map(String);
    args.push(`rate=${perSecond}`);
    return runGenerator(pinnedCommand(generator, args, cpu), seconds);
  };
}

/** The generator's command line, run on CPU `cpu` (`taskset`) when it is set. */
function pinnedCommand(generator: string, args: string[], cpu?: number): string[] {
  return cpu === undefined
    ? [generator, ...args]
    : ['taskset', '-c', String(cpu), generator, ...args];
}

function runGenerator(command: string[], seconds: number): Promise<PacedResult> {
  const child = spawn(command[0]!, command.slice(1));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => {
      let parsed: NativeOutput;
      try {
        parsed = JSON.parse(out) as NativeOutput;
      } catch {
        reject(new Error(`loadgen printed no result: ${out.slice(0, 200)}`));
        return;
      }
      if (parsed.error !== undefined) {
        reject(new Error(`loadgen: ${parsed.error}`));
        return;
      }
      resolve({
        messages: parsed.messages ?? 0,
        bytes: parsed.bytes ?? 0,
        seconds: parsed.seconds ?? seconds,
        skipped: parsed.skipped ?? 0,
        rtts: Float64Array.from(parsed.q ?? [], (us) => us / 1000),
      });
    });
  });
}
