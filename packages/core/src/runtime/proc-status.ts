/**
 * Parser for Linux `/proc/self/status`, the source prom-client uses for the process memory
 * gauges. `/proc/self/stat` would give RSS only in pages (the page size is not visible from
 * Node) and has no data-segment size, so `status`, which reports kB, is the one to read.
 */

export interface ProcStatus {
  /** `VmRSS`: resident set size. */
  readonly residentBytes?: number;
  /** `VmSize`: virtual address space size. */
  readonly virtualBytes?: number;
  /** `VmData`: size of the data segment plus heap (what prom-client calls process_heap_bytes). */
  readonly dataBytes?: number;
}

const FIELDS: Readonly<Record<string, keyof ProcStatus>> = {
  VmRSS: 'residentBytes',
  VmSize: 'virtualBytes',
  VmData: 'dataBytes',
};

// The kernel prints these as "<n> kB" where kB means KiB (fs/proc/task_mmu.c).
const KIB_VALUE = /^(\d+)\s*kB$/;

/** Lines that are not `Key:<ws><n> kB` for a known key are ignored, so the parser never throws. */
export function parseProcStatus(text: string): ProcStatus {
  const out: { -readonly [K in keyof ProcStatus]: number } = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const field = FIELDS[line.slice(0, colon)];
    if (field === undefined) continue;
    const match = KIB_VALUE.exec(line.slice(colon + 1).trim());
    if (match !== null) out[field] = Number(match[1]) * 1024;
  }
  return out;
}
