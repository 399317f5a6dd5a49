/**
 * Parser for Linux `/proc/stat` (fs/proc/stat.c): CPU time per mode, context switches, boot time,
 * forks, interrupts and runnable/blocked task counts.
 */
import { fields, parseUint } from './parse-number.js';

/**
 * Ticks per second of the CPU times in /proc/stat (`USER_HZ`). The kernel fixes it at 100 on every
 * architecture Node.js runs on (include/asm-generic/param.h) whatever `CONFIG_HZ` is; Node cannot
 * call `sysconf(_SC_CLK_TCK)`, and node_exporter's procfs library hard-codes 100 too.
 */
export const USER_HZ = 100;

/** CPU time in seconds per mode. Columns that older kernels do not print are left undefined. */
export interface CpuTimes {
  readonly user: number;
  readonly nice: number;
  readonly system: number;
  readonly idle: number;
  /** Linux >= 2.5.41. */
  readonly iowait?: number;
  /** Linux >= 2.6.0. */
  readonly irq?: number;
  readonly softirq?: number;
  /** Linux >= 2.6.11: time stolen by the hypervisor. */
  readonly steal?: number;
  /** Linux >= 2.6.24: time running guests, already included in `user`. */
  readonly guest?: number;
  /** Linux >= 2.6.33: time running niced guests, already included in `nice`. */
  readonly guestNice?: number;
}

/** The columns of a `cpu` line, in kernel order. */
export const CPU_TIME_FIELDS = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softirq',
  'steal',
  'guest',
  'guestNice',
] as const satisfies readonly (keyof CpuTimes)[];

export interface CpuLine extends CpuTimes {
  /** The CPU number as the kernel prints it after `cpu` (`"0"`, `"1"`, ...). */
  readonly cpu: string;
}

export interface ProcStat {
  /** The aggregate `cpu` line (all CPUs). */
  readonly total?: CpuTimes;
  /** One entry per online CPU, in file order. */
  readonly cpus: readonly CpuLine[];
  /** `ctxt`: context switches since boot. */
  readonly contextSwitches?: number;
  /** `btime`: boot time, seconds since the epoch. */
  readonly bootTimeSeconds?: number;
  /** `processes`: forks since boot. */
  readonly forks?: number;
  /** `intr`: the first column, interrupts serviced since boot (the per-IRQ columns are not kept). */
  readonly interrupts?: number;
  readonly procsRunning?: number;
  readonly procsBlocked?: number;
}

type Scalar =
  | 'contextSwitches'
  | 'bootTimeSeconds'
  | 'forks'
  | 'interrupts'
  | 'procsRunning'
  | 'procsBlocked';

const SCALARS: ReadonlyMap<string, Scalar> = new Map([
  ['ctxt', 'contextSwitches'],
  ['btime', 'bootTimeSeconds'],
  ['processes', 'forks'],
  ['intr', 'interrupts'],
  ['procs_running', 'procsRunning'],
  ['procs_blocked', 'procsBlocked'],
]);

/**
 * Never throws: lines it does not understand, CPU lines with fewer than the four columns every
 * kernel prints or with a non-numeric column, and repeated keys are skipped (first one wins).
 */
export function parseProcStat(text: string): ProcStat {
  const cpus: CpuLine[] = [];
  const seenCpus = new Set<string>();
  const out: { -readonly [K in Scalar]?: number } & { total?: CpuTimes } = {};
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.startsWith('cpu')) {
      parseCpuLine(line, cpus, seenCpus, out);
      continue;
    }
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const key = SCALARS.get(line.slice(0, space));
    if (key === undefined || out[key] !== undefined) continue;
    // Only the first value is read, without splitting the rest: the `intr` line carries one column
    // per IRQ, thousands on big machines.
    const value = parseUint(line.slice(space + 1, endOfFirstField(line, space + 1)).trim());
    if (!Number.isNaN(value)) out[key] = value;
  }
  return { ...out, cpus };
}

/** Where the first field after `from` (leading blanks skipped) ends. */
function endOfFirstField(line: string, from: number): number {
  let i = from;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  const space = line.indexOf(' ', i);
  return space === -1 ? line.length : space;
}

function parseCpuLine(line: string, cpus: CpuLine[], seen: Set<string>, out: { total?: CpuTimes }): void {
  const cols = fields(line);
  const name = cols[0]!;
  const cpu = name.slice(3);
  if (cpu !== '' && Number.isNaN(parseUint(cpu))) return;
  const count = Math.min(cols.length - 1, CPU_TIME_FIELDS.length);
  if (count < 4) return;
  const times: Partial<Record<keyof CpuTimes, number>> = {};
  for (let i = 0; i < count; i++) {
    const ticks = parseUint(cols[i + 1]!);
    if (Number.isNaN(ticks)) return;
    times[CPU_TIME_FIELDS[i]!] = ticks / USER_HZ;
  }
  if (cpu === '') {
    if (out.total === undefined) out.total = times as CpuTimes;
  } else if (!seen.has(cpu)) {
    seen.add(cpu);
    cpus.push({ cpu, ...(times as CpuTimes) });
  }
}
