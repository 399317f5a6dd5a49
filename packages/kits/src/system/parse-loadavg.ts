/** Parser for Linux `/proc/loadavg` (fs/proc/loadavg.c): `0.42 0.35 0.30 2/311 12345`. */
import { fields, parseUdecimal, parseUint } from './parse-number.js';

export interface LoadAverage {
  readonly load1: number;
  readonly load5: number;
  readonly load15: number;
  /** Runnable scheduling entities (the `2` of `2/311`). */
  readonly runnable?: number;
  /** Scheduling entities (threads) that exist (the `311` of `2/311`). */
  readonly threads?: number;
  /** PID most recently assigned. */
  readonly lastPid?: number;
}

/** `undefined` unless the text starts with three load averages; never throws. */
export function parseLoadavg(text: string): LoadAverage | undefined {
  const newline = text.indexOf('\n');
  const cols = fields(newline === -1 ? text : text.slice(0, newline));
  const load1 = parseUdecimal(cols[0] ?? '');
  const load5 = parseUdecimal(cols[1] ?? '');
  const load15 = parseUdecimal(cols[2] ?? '');
  if (Number.isNaN(load1) || Number.isNaN(load5) || Number.isNaN(load15)) return undefined;
  const out: { -readonly [K in keyof LoadAverage]: LoadAverage[K] } = { load1, load5, load15 };
  const tasks = cols[3]?.split('/');
  if (tasks?.length === 2) {
    const runnable = parseUint(tasks[0]!);
    const threads = parseUint(tasks[1]!);
    if (!Number.isNaN(runnable) && !Number.isNaN(threads)) {
      out.runnable = runnable;
      out.threads = threads;
    }
  }
  const lastPid = parseUint(cols[4] ?? '');
  if (!Number.isNaN(lastPid)) out.lastPid = lastPid;
  return out;
}
