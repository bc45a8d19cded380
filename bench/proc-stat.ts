import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * What /proc/PID/stat says of a process: CPU time so far (user + system), resident memory and
 * minor page faults so far (a page the kernel had to map, e.g. a fresh allocation touched).
 */
export interface ProcStat {
  cpuSeconds: number;
  rssBytes: number;
  minorFaults: number;
}

function conf(name: string, fallback: number): number {
  try {
    return Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim()) || fallback;
  } catch {
    return fallback;
  }
}
const TICKS = process.platform === 'linux' ? conf('CLK_TCK', 100) : 100;
const PAGE = process.platform === 'linux' ? conf('PAGESIZE', 4096) : 4096;

/** Reads /proc/PID/stat (Linux only); null where it cannot be read. */
export function procStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name (which may hold spaces) start at field 3 (state).
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const minflt = Number(fields[10 - 3]);
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  const rss = Number(fields[24 - 3]);
  return { cpuSeconds: (utime + stime) / TICKS, rssBytes: rss * PAGE, minorFaults: minflt };
}
