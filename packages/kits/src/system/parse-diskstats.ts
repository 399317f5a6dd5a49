/**
 * Parser for Linux `/proc/diskstats` (block/genhd.c, Documentation/admin-guide/iostats.rst).
 * Lines are `major minor name` then 11 columns (Linux 2.6+), 15 (4.18+, discards) or 17 (5.5+,
 * flushes); Linux 2.6.0-2.6.24 printed partitions with only 4. Values are converted to base units:
 * sectors to bytes, milliseconds to seconds.
 */
import { fields, parseUint } from './parse-number.js';

/**
 * /proc/diskstats counts 512-byte sectors whatever the device's real sector size
 * (include/linux/blk_types.h `SECTOR_SHIFT`).
 */
export const DISKSTATS_SECTOR_BYTES = 512;

export interface DiskStats {
  readonly major: number;
  readonly minor: number;
  readonly device: string;
  readonly readsCompleted: number;
  readonly readBytes: number;
  readonly writesCompleted: number;
  readonly writtenBytes: number;
  // Present from 11 columns on.
  readonly readsMerged?: number;
  readonly readTimeSeconds?: number;
  readonly writesMerged?: number;
  readonly writeTimeSeconds?: number;
  /** I/Os in flight now (a gauge, not a counter). */
  readonly ioNow?: number;
  /** Time the device had I/O in flight (its busy time; rate() of it is %util). */
  readonly ioTimeSeconds?: number;
  /** Busy time weighted by the number of I/Os in flight (rate() of it is the average queue size). */
  readonly ioTimeWeightedSeconds?: number;
  // Linux >= 4.18.
  readonly discardsCompleted?: number;
  readonly discardsMerged?: number;
  /** In 512-byte sectors, as node_exporter exports it. */
  readonly discardedSectors?: number;
  readonly discardTimeSeconds?: number;
  // Linux >= 5.5.
  readonly flushRequests?: number;
  readonly flushTimeSeconds?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Never throws: lines with another column count or a non-numeric column are skipped, as are repeated devices. */
export function parseDiskstats(text: string): DiskStats[] {
  const out: DiskStats[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    const cols = fields(line);
    const count = cols.length - 3;
    if (count !== 4 && count < 11) continue;
    const device = cols[2]!;
    if (seen.has(device)) continue;
    const n: number[] = [];
    for (let i = 0; i < cols.length; i++) {
      if (i === 2) continue;
      const value = parseUint(cols[i]!);
      if (Number.isNaN(value)) break;
      n.push(value);
    }
    if (n.length !== cols.length - 1) continue;
    seen.add(device);
    const [major, minor] = n as [number, number];
    const v = n.slice(2);
    if (count === 4) {
      out.push({
        major,
        minor,
        device,
        readsCompleted: v[0]!,
        readBytes: v[1]! * DISKSTATS_SECTOR_BYTES,
        writesCompleted: v[2]!,
        writtenBytes: v[3]! * DISKSTATS_SECTOR_BYTES,
      });
      continue;
    }
    const stats: Mutable<DiskStats> = {
      major,
      minor,
      device,
      readsCompleted: v[0]!,
      readsMerged: v[1]!,
      readBytes: v[2]! * DISKSTATS_SECTOR_BYTES,
      readTimeSeconds: v[3]! / 1000,
      writesCompleted: v[4]!,
      writesMerged: v[5]!,
      writtenBytes: v[6]! * DISKSTATS_SECTOR_BYTES,
      writeTimeSeconds: v[7]! / 1000,
      ioNow: v[8]!,
      ioTimeSeconds: v[9]! / 1000,
      ioTimeWeightedSeconds: v[10]! / 1000,
    };
    if (count >= 15) {
      stats.discardsCompleted = v[11]!;
      stats.discardsMerged = v[12]!;
      stats.discardedSectors = v[13]!;
      stats.discardTimeSeconds = v[14]! / 1000;
    }
    if (count >= 17) {
      stats.flushRequests = v[15]!;
      stats.flushTimeSeconds = v[16]! / 1000;
    }
    out.push(stats);
  }
  return out;
}
