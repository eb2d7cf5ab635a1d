// What the bench reads of the machine and its processes while a blast runs (Linux /proc): memory, CPU time, busy share.
import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a running process in bytes (Linux /proc). */
export function rssOf(pid: number | undefined): number {
  const status = pid === undefined ? '' : readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

/** CPU seconds a running process has used so far (user + system, Linux /proc). */
export function cpuSecondsOf(pid: number | string | undefined): number {
  let stat = '';
  try {
    stat = pid === undefined ? '' : readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    // The process ended between listing and reading.
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

/** CPU seconds used so far by every process of this command name (all PostgreSQL backends, the Redis server). */
export function cpuSecondsOfCommand(command: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === command) total += cpuSecondsOf(pid);
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/** The whole machine's CPU time so far, idle and in all, in clock ticks (the first line of /proc/stat). */
export function machineTicks(): { idle: number; total: number } {
  const ticks = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  // idle and iowait
  return { idle: (ticks[3] ?? 0) + (ticks[4] ?? 0), total: ticks.reduce((sum, n) => sum + n, 0) };
}

/** The share of the machine busy between two readings. */
export const busyShare = (from: ReturnType<typeof machineTicks>, to: ReturnType<typeof machineTicks>) =>
  1 - (to.idle - from.idle) / Math.max(1, to.total - from.total);
