/**
 * Parser for Linux `/proc/net/dev` (net/core/net-procfs.c): per-interface receive and transmit
 * counters of this process's network namespace. Columns are located from the header, as
 * node_exporter does, so kernels that print fewer (Linux 2.0 had no byte counts) still parse.
 */
import { fields, parseUint } from './parse-number.js';

export interface NetDevStats {
  readonly device: string;
  readonly receiveBytes?: number;
  readonly receivePackets?: number;
  readonly receiveErrs?: number;
  readonly receiveDrop?: number;
  readonly receiveFifo?: number;
  readonly receiveFrame?: number;
  readonly receiveCompressed?: number;
  readonly receiveMulticast?: number;
  readonly transmitBytes?: number;
  readonly transmitPackets?: number;
  readonly transmitErrs?: number;
  readonly transmitDrop?: number;
  readonly transmitFifo?: number;
  readonly transmitColls?: number;
  readonly transmitCarrier?: number;
  readonly transmitCompressed?: number;
}

type Counter = Exclude<keyof NetDevStats, 'device'>;

const RECEIVE: Readonly<Record<string, Counter>> = {
  bytes: 'receiveBytes',
  packets: 'receivePackets',
  errs: 'receiveErrs',
  drop: 'receiveDrop',
  fifo: 'receiveFifo',
  frame: 'receiveFrame',
  compressed: 'receiveCompressed',
  multicast: 'receiveMulticast',
};
const TRANSMIT: Readonly<Record<string, Counter>> = {
  bytes: 'transmitBytes',
  packets: 'transmitPackets',
  errs: 'transmitErrs',
  drop: 'transmitDrop',
  fifo: 'transmitFifo',
  colls: 'transmitColls',
  carrier: 'transmitCarrier',
  compressed: 'transmitCompressed',
};

/** The layout every kernel since 2.2 prints, used when the header is missing. */
const DEFAULT_COLUMNS: readonly (Counter | undefined)[] = [
  ...Object.values(RECEIVE),
  ...Object.values(TRANSMIT),
];

/**
 * Never throws: header lines set the column layout, other lines without `name:` followed by
 * enough digits-only columns are skipped, and a repeated interface keeps its first line.
 */
export function parseNetDev(text: string): NetDevStats[] {
  let columns = DEFAULT_COLUMNS;
  const out: NetDevStats[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    const bar = line.indexOf('|');
    if (bar !== -1) {
      columns = headerColumns(line) ?? columns;
      continue;
    }
    // Interface names cannot contain ':' (net/core/dev.c dev_valid_name), and old kernels print
    // `eth0:123` without a space, so the first colon ends the name.
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const device = line.slice(0, colon).trim();
    if (device === '' || /\s/.test(device) || seen.has(device)) continue;
    const cols = fields(line.slice(colon + 1));
    if (cols.length < columns.length) continue;
    const stats: Record<string, number | string> = { device };
    let valid = true;
    for (let i = 0; i < columns.length; i++) {
      const value = parseUint(cols[i]!);
      if (Number.isNaN(value)) {
        valid = false;
        break;
      }
      const key = columns[i];
      if (key !== undefined) stats[key] = value;
    }
    if (!valid) continue;
    seen.add(device);
    out.push(stats as unknown as NetDevStats);
  }
  return out;
}

/**
 * The column layout from the second header line, ` face |bytes packets ...|bytes packets ...`;
 * `undefined` for the first header line (`Inter-|   Receive  |  Transmit`) or anything else.
 */
function headerColumns(line: string): (Counter | undefined)[] | undefined {
  const parts = line.split('|');
  if (parts.length !== 3) return undefined;
  const receive = fields(parts[1]!);
  const transmit = fields(parts[2]!);
  if (receive.length === 0 || transmit.length === 0) return undefined;
  if (!receive.every(isColumnName) || !transmit.every(isColumnName)) return undefined;
  const lookup = (table: Readonly<Record<string, Counter>>) => (name: string) =>
    Object.hasOwn(table, name) ? table[name] : undefined;
  return [...receive.map(lookup(RECEIVE)), ...transmit.map(lookup(TRANSMIT))];
}

// `Receive` / `Transmit` in the first header line are capitalised, real column names are not.
function isColumnName(name: string): boolean {
  return /^[a-z]+$/.test(name);
}
