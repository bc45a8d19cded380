import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Whether processes can be pinned to CPUs here (Linux, `taskset`, two or more CPUs). */
export function canPin(): boolean {
  if (process.platform !== 'linux' || availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins a process (all its threads) to one CPU; false where that is not possible. */
export function pin(pid: number, cpu: number): boolean {
  if (process.platform !== 'linux' || availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
