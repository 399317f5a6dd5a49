/**
 * Filesystem size and usage per mountpoint (node_exporter's filesystem collector): the mounts
 * come from /proc/self/mounts, the sizes from `statfs(2)` through `fs.promises.statfs`.
 *
 * statfs is the one call here that can block for long: on a hung NFS or FUSE mount it never
 * returns. So it runs off the event loop, each scrape waits at most `timeoutMs` for it, and a
 * mountpoint whose call is still pending is not asked again (it reports device_error 1) until the
 * call returns, as node_exporter does with its stuck-mount tracking.
 */
import type { StatsFs } from 'node:fs';
import { statfs } from 'node:fs/promises';
import type { AnyMetric } from '@telemeter/core';
import { type SystemContext, scrapedGauge } from './family.js';
import type { MountEntry } from './parse-mounts.js';
import { describeError } from './proc-source.js';
import { SYSTEM_WARNING_CODES } from './warnings.js';

export interface FilesystemReading {
  readonly mount: MountEntry;
  /** `undefined` when statfs failed or did not answer in time. */
  readonly stats: StatsFs | undefined;
}

/** Reads the selected mounts and statfs()es each; one reading per scrape is shared by all families. */
export class FilesystemReader {
  private readonly pending = new Set<string>();

  constructor(
    private readonly ctx: SystemContext,
    /** Throws when the mount table cannot be read. */
    private readonly readMounts: () => readonly MountEntry[],
    private readonly timeoutMs: number,
    /** Injected in tests to simulate a hung mount; `fs.promises.statfs` otherwise. */
    private readonly statfsOf: (path: string) => Promise<StatsFs> = statfs,
  ) {}

  async read(): Promise<readonly FilesystemReading[]> {
    const mounts = this.readMounts();
    const results: FilesystemReading[] = mounts.map((mount) => ({ mount, stats: undefined }));
    const calls: Promise<void>[] = [];
    mounts.forEach((mount, index) => {
      const path = mount.mountpoint;
      if (this.pending.has(path)) return;
      this.pending.add(path);
      calls.push(
        this.statfsOf(path).then(
          (stats) => {
            this.pending.delete(path);
            results[index] = { mount, stats };
          },
          (error: unknown) => {
            this.pending.delete(path);
            this.ctx.warner.warn(
              SYSTEM_WARNING_CODES.statfsFailed,
              'statfs',
              `telemeter system metrics: statfs(${path}) failed (${describeError(error)}); its size metrics are left out and node_filesystem_device_error is 1 while it fails. Failures of other mountpoints show the same way and are not warned about.`,
            );
          },
        ),
      );
    });
    if (calls.length > 0 && !(await settledWithin(Promise.all(calls), this.timeoutMs))) {
      for (const { mount, stats } of results) {
        if (stats === undefined && this.pending.has(mount.mountpoint)) {
          this.ctx.warner.warn(
            SYSTEM_WARNING_CODES.statfsFailed,
            `statfs-timeout:${mount.mountpoint}`,
            `telemeter system metrics: statfs(${mount.mountpoint}) did not answer within ${this.timeoutMs} ms (a hung network or FUSE mount?); it is not asked again until it answers, and reports node_filesystem_device_error 1 meanwhile.`,
          );
        }
      }
    }
    // A snapshot: calls that answer after the deadline must not change what this scrape reported.
    return results.slice();
  }
}

/**
 * Whether `promise` settled within `ms`. The timer is not unref()'d: a scrape in progress should
 * finish (a pending statfs keeps the process alive anyway), and it is cleared as soon as all answer.
 */
function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

type SizeField = 'size' | 'free' | 'avail' | 'files' | 'filesFree';

const SIZE_FAMILIES: readonly { field: SizeField; name: string; help: string }[] = [
  { field: 'size', name: 'node_filesystem_size_bytes', help: 'Filesystem size in bytes.' },
  {
    field: 'free',
    name: 'node_filesystem_free_bytes',
    help: 'Filesystem free space in bytes (including reserved blocks).',
  },
  {
    field: 'avail',
    name: 'node_filesystem_avail_bytes',
    help: 'Filesystem space available to non-root users in bytes.',
  },
  { field: 'files', name: 'node_filesystem_files', help: 'Filesystem total file nodes (inodes).' },
  {
    field: 'filesFree',
    name: 'node_filesystem_files_free',
    help: 'Filesystem total free file nodes (inodes).',
  },
];

function sizeOf(stats: StatsFs, field: SizeField): number {
  switch (field) {
    case 'size':
      return stats.blocks * stats.bsize;
    case 'free':
      return stats.bfree * stats.bsize;
    case 'avail':
      return stats.bavail * stats.bsize;
    case 'files':
      return stats.files;
    case 'filesFree':
      return stats.ffree;
  }
}

const LABELS = ['device', 'fstype', 'mountpoint'];
const labelValues = ({ mount }: FilesystemReading) => [mount.device, mount.fstype, mount.mountpoint];

export function filesystemMetrics(
  ctx: SystemContext,
  read: () => Promise<readonly FilesystemReading[]>,
): AnyMetric[] {
  const family = (
    name: string,
    help: string,
    value: (reading: FilesystemReading) => number | undefined,
  ): AnyMetric =>
    scrapedGauge(ctx, {
      name,
      help,
      labelNames: LABELS,
      async fill(write) {
        for (const reading of await read()) {
          const v = value(reading);
          if (v !== undefined) write(labelValues(reading), v);
        }
      },
    });
  return [
    ...SIZE_FAMILIES.map(({ field, name, help }) =>
      family(name, help, ({ stats }) => (stats === undefined ? undefined : sizeOf(stats, field))),
    ),
    family(
      'node_filesystem_readonly',
      'Filesystem read-only status (1 when mounted read-only).',
      ({ mount }) => (mount.options.includes('ro') ? 1 : 0),
    ),
    family(
      'node_filesystem_device_error',
      'Whether an error occurred while getting statistics for the given device (1) or not (0).',
      ({ stats }) => (stats === undefined ? 1 : 0),
    ),
  ];
}
