/** Parser for Linux `/proc/meminfo` (fs/proc/meminfo.c). */
import { fields, parseUint } from './parse-number.js';

export interface Meminfo {
  /** Fields printed in `kB` (which the kernel means as KiB), converted to bytes: `MemTotal`, `Cached`, ... */
  readonly bytes: ReadonlyMap<string, number>;
  /** Fields printed without a unit, as they are: `HugePages_Total`, `HugePages_Free`, ... */
  readonly counts: ReadonlyMap<string, number>;
}

// Kernel field names: letters, digits, '_' and the parentheses of `Active(anon)`.
const FIELD_NAME = /^[A-Za-z0-9_()]+$/;

/**
 * Never throws: a line that is not `Name: <digits>[ kB]`, or repeats a name already seen, is skipped.
 */
export function parseMeminfo(text: string): Meminfo {
  const bytes = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon);
    if (!FIELD_NAME.test(name) || bytes.has(name) || counts.has(name)) continue;
    const cols = fields(line.slice(colon + 1));
    const value = parseUint(cols[0] ?? '');
    if (Number.isNaN(value)) continue;
    if (cols.length === 1) counts.set(name, value);
    else if (cols.length === 2 && cols[1] === 'kB') bytes.set(name, value * 1024);
  }
  return { bytes, counts };
}

/**
 * The metric-name form of a field, as node_exporter writes it: `Active(anon)` → `Active_anon`.
 */
export function meminfoMetricField(name: string): string {
  return name
    .replace(/\(/g, '_')
    .replace(/\)/g, '')
    .replace(/[^A-Za-z0-9_]/g, '_');
}
