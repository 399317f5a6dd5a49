// CPU time and resident memory of any process (ours, Prometheus, VictoriaMetrics) read the same way,
// from /proc, so every contender is measured by one ruler: all threads, user + system time.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
} catch {
  // getconf missing: Linux's USER_HZ is 100 everywhere it runs.
}

/** User and system CPU seconds of `pid` and all its threads so far (resolution 1 / CLK_TCK, 10 ms). */
export function cpuTimes(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name start at field 3 (state); utime and stime are 14, 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / ticksPerSecond, system: Number(fields[12]) / ticksPerSecond };
}

/** User + system CPU seconds of `pid` and all its threads so far. */
export function cpuSeconds(pid) {
  const { user, system } = cpuTimes(pid);
  return user + system;
}

/** Resident set size of `pid` in bytes (VmRSS). */
export function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match === null ? Number.NaN : Number(match[1]) * 1024;
}

const TASKSET = '/usr/bin/taskset';

/** Whether processes can be pinned to CPUs here (taskset present and at least 2 CPUs). */
export function canPin(cpuCount) {
  return cpuCount >= 2 && existsSync(TASKSET);
}

/** Pins every thread of `pid` (and so the threads they start later) to `cpuList`, e.g. "1" or "0-2". */
export function pin(pid, cpuList) {
  const result = spawnSync(TASKSET, ['-a', '-p', '-c', cpuList, String(pid)], { stdio: 'ignore' });
  if (result.status !== 0)
    throw new Error(`taskset -a -p -c ${cpuList} ${pid} failed (status ${result.status})`);
}
