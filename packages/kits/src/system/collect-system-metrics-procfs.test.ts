/**
 * The collector on a fake procfs (a temp dir with files from other kernels), which runs on any
 * OS: older formats, filters, series that disappear, and read errors at collect time.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Registry } from '@telemeter/core';
import { collectSystemMetrics } from './collect-system-metrics.js';
import type { SystemMetricsOptions } from './options.js';
import { captureWarnings, collectSamples, sampleValue } from './testing/families.js';
import { DISKSTATS_14, MEMINFO_2_6_32, NET_DEV_CONTAINER_HOST, PROC_STAT_2_6_9 } from './testing/fixtures.js';

let root: string;
let dataDir: string;

function writeProc(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

/** A procfs of an old kernel whose mounts are real paths of this machine (statfs must work). */
function fakeProcfs(): string {
  const dir = mkdtempSync(join(root, 'proc-'));
  writeProc(dir, {
    stat: PROC_STAT_2_6_9,
    meminfo: MEMINFO_2_6_32,
    loadavg: '0.50 0.25 0.10 1/100 4242\n',
    diskstats: DISKSTATS_14,
    'net/dev': NET_DEV_CONTAINER_HOST,
    'self/mounts': [
      `rootfs ${dataDir} ext4 rw,relatime 0 0`,
      `ro-data ${join(dataDir, '..')} xfs ro,relatime 0 0`,
      'proc /proc proc rw 0 0',
      'tmpfs /run tmpfs rw 0 0',
      `gone ${join(dir, 'missing')} ext4 rw 0 0`,
      '',
    ].join('\n'),
  });
  return dir;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function start(procfs: string, options: SystemMetricsOptions = {}) {
  const registry = new Registry();
  const system = collectSystemMetrics({ registry, procfs, ...options });
  return { registry, system };
}

describe('collectSystemMetrics on a fake procfs', () => {
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'telemeter-system-'));
    dataDir = join(root, 'data');
    mkdirSync(dataDir);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('handles Linux 2.6 formats: modes, memory and disk families follow what the kernel prints', async () => {
    const { registry, system } = start(fakeProcfs());
    try {
      const samples = await collectSamples(registry);
      const modes = new Set(samples.get('node_cpu_seconds_total')!.map((s) => s.labels.mode));
      assert.deepEqual([...modes], ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq']);
      assert.equal(sampleValue(samples, 'node_cpu_seconds_total', { cpu: '0', mode: 'iowait' }), 36.75);
      assert.ok(!samples.has('node_cpu_guest_seconds_total'), 'no guest column before 2.6.24');
      assert.equal(sampleValue(samples, 'node_memory_MemTotal_bytes'), 8061132 * 1024);
      assert.ok(!samples.has('node_memory_MemAvailable_bytes'));
      // No MemAvailable: MemFree + Buffers + Cached stands in for it.
      const available = (320672 + 212284 + 5613536) / 8061132;
      assert.ok(Math.abs(sampleValue(samples, 'system_memory_utilization_ratio')! - (1 - available)) < 1e-12);
      assert.ok(!samples.has('node_disk_discards_completed_total'), 'no discard columns before 4.18');
      assert.deepEqual(
        samples.get('node_disk_read_bytes_total')!.map((s) => [s.labels.device, s.value]),
        [
          ['sda', 4713350 * 512],
          ['dm-0', 4540386 * 512],
        ],
      );
      assert.equal(sampleValue(samples, 'node_disk_io_now', { device: 'sda' }), 0);
      assert.deepEqual(
        samples.get('node_network_receive_bytes_total')!.map((s) => s.labels.device),
        ['eth0', 'wlan0', 'bond0'],
      );
      assert.equal(sampleValue(samples, 'node_network_receive_drop_total', { device: 'eth0' }), 17);
      assert.equal(sampleValue(samples, 'node_load15'), 0.1);
      assert.equal(sampleValue(samples, 'node_boot_time_seconds'), 1062191376);
      assert.equal(sampleValue(samples, 'node_procs_running'), 1);
      // The first scrape after start: nothing elapsed in a frozen file, so no ratio yet.
      assert.deepEqual(samples.get('system_cpu_utilization_ratio'), []);
    } finally {
      system.stop();
    }
  });

  it('reports filesystems by mountpoint: read-only flag, and device_error for a failing statfs', async () => {
    const warnings = captureWarnings();
    const procfs = fakeProcfs();
    const missing = join(procfs, 'missing');
    const { registry, system } = start(procfs);
    try {
      const samples = await collectSamples(registry);
      await collectSamples(registry);
      await flush();
      const mountpoints = samples
        .get('node_filesystem_device_error')!
        .map((s) => [s.labels.mountpoint, s.value]);
      assert.deepEqual(mountpoints, [
        [dataDir, 0],
        [join(dataDir, '..'), 0],
        [missing, 1],
      ]);
      assert.equal(sampleValue(samples, 'node_filesystem_readonly', { mountpoint: join(dataDir, '..') }), 1);
      assert.equal(sampleValue(samples, 'node_filesystem_readonly', { mountpoint: dataDir }), 0);
      assert.ok(sampleValue(samples, 'node_filesystem_size_bytes', { mountpoint: dataDir })! > 0);
      assert.equal(sampleValue(samples, 'node_filesystem_size_bytes', { mountpoint: missing }), undefined);
      const mine = warnings.warnings.filter((w) => w.message.includes(missing));
      assert.deepEqual(
        mine.map((w) => w.code),
        ['TELEMETER_W_SYSTEM_STATFS_FAILED'],
        'one warning over two scrapes',
      );
      assert.match(mine[0]!.message, /statfs\(.*\) failed \(ENOENT/);
    } finally {
      warnings.stop();
      system.stop();
    }
  });

  it('removes series of interfaces and devices that disappear, and follows a counter that restarts', async () => {
    const procfs = fakeProcfs();
    const { registry, system } = start(procfs);
    try {
      await collectSamples(registry);
      writeProc(procfs, {
        'net/dev': NET_DEV_CONTAINER_HOST.split('\n')
          .filter((line) => !line.includes('wlan0:'))
          .join('\n')
          .replace('eth0:1934713263', 'eth0:      1000'),
        diskstats: DISKSTATS_14.split('\n')
          .filter((line) => !line.includes('dm-0'))
          .join('\n'),
      });
      const samples = await collectSamples(registry);
      assert.deepEqual(
        samples.get('node_network_receive_bytes_total')!.map((s) => [s.labels.device, s.value]),
        [
          ['eth0', 1000],
          ['bond0', 1000],
        ],
      );
      assert.deepEqual(
        samples.get('node_disk_read_bytes_total')!.map((s) => s.labels.device),
        ['sda'],
      );
    } finally {
      system.stop();
    }
  });

  it('computes CPU utilization per mode from the change between scrapes', async () => {
    const procfs = fakeProcfs();
    const { registry, system } = start(procfs, { groups: ['cpu'] });
    try {
      await collectSamples(registry);
      // +300 ticks user, +100 system, +600 idle, iowait goes backwards (a known kernel quirk).
      writeProc(procfs, {
        stat: 'cpu  2555 34 2390 22626163 6200 127 456\ncpu0 2555 34 2390 22626163 6200 127 456\n',
      });
      const samples = await collectSamples(registry);
      const ratio = (mode: string) =>
        sampleValue(samples, 'system_cpu_utilization_ratio', { cpu_mode: mode });
      assert.equal(ratio('user'), 0.3);
      assert.equal(ratio('system'), 0.1);
      assert.equal(ratio('idle'), 0.6);
      assert.equal(ratio('iowait'), 0);
      assert.equal(ratio('steal'), undefined, 'no steal column on this kernel');
      // cpu1 went offline: its series are gone.
      assert.deepEqual([...new Set(samples.get('node_cpu_seconds_total')!.map((s) => s.labels.cpu))], ['0']);
      // Same file again: no tick elapsed, the previous ratios stand.
      const again = await collectSamples(registry);
      assert.equal(sampleValue(again, 'system_cpu_utilization_ratio', { cpu_mode: 'user' }), 0.3);
    } finally {
      system.stop();
    }
  });

  it('leaves families out while their file is unreadable or garbled, warns once per metric, and recovers', async () => {
    const warnings = captureWarnings();
    const procfs = fakeProcfs();
    const { registry, system } = start(procfs, {
      groups: ['cpu', 'memory', 'load'],
      memoryFields: ['MemTotal'],
    });
    try {
      await collectSamples(registry);
      unlinkSync(join(procfs, 'meminfo'));
      writeProc(procfs, { loadavg: 'garbage\n' });
      for (let i = 0; i < 3; i++) {
        const samples = await collectSamples(registry);
        for (const name of ['node_memory_MemTotal_bytes', 'system_memory_utilization_ratio', 'node_load1']) {
          assert.equal(samples.has(name), false, `${name} is left out, not exported stale or as 0`);
        }
        assert.ok(samples.get('node_cpu_seconds_total')!.length > 0, 'other groups unaffected');
      }
      await flush();
      const failed = warnings.warnings.filter((w) => w.message.includes(procfs));
      assert.deepEqual(
        failed.map((w) => w.code),
        Array(5).fill('TELEMETER_W_COLLECT_FAILED'),
        'once per metric left out, over three scrapes',
      );
      assert.ok(failed.some((w) => /meminfo failed \(ENOENT/.test(w.message)));
      assert.ok(failed.some((w) => /loadavg has no load averages/.test(w.message)));
      writeProc(procfs, { meminfo: MEMINFO_2_6_32, loadavg: '1.00 2.00 3.00 1/1 1\n' });
      const samples = await collectSamples(registry);
      assert.equal(sampleValue(samples, 'node_memory_MemTotal_bytes'), 8061132 * 1024);
      assert.equal(sampleValue(samples, 'node_load5'), 2);
    } finally {
      warnings.stop();
      system.stop();
    }
  });

  it('applies include and exclude filters', async () => {
    const { registry, system } = start(fakeProcfs(), {
      groups: ['disk', 'network'],
      devices: { exclude: [] },
      interfaces: { include: [/^(lo|veth)/], exclude: ['veth9f8e7d6'] },
    });
    try {
      const samples = await collectSamples(registry);
      assert.deepEqual(
        samples.get('node_disk_reads_completed_total')!.map((s) => s.labels.device),
        ['ram0', 'sda', 'sda1', 'sda2', 'dm-0', 'loop0'],
      );
      assert.deepEqual(
        samples.get('node_network_transmit_bytes_total')!.map((s) => s.labels.device),
        ['lo', 'veth1a2b3c4'],
      );
    } finally {
      system.stop();
    }
  });

  it('falls back to node:os for CPU, memory, load and boot time when /proc is missing, with a warning', async () => {
    const warnings = captureWarnings();
    const { registry, system } = start(join(root, 'no-proc-here'));
    try {
      await flush();
      assert.deepEqual(system.sources, { cpu: 'os', kernel: 'os', memory: 'os', load: 'os' });
      assert.ok(warnings.warnings.length >= 6);
      assert.ok(warnings.warnings.every((w) => w.code === 'TELEMETER_W_SYSTEM_UNAVAILABLE'));
      const samples = await collectSamples(registry);
      const { cpus, totalmem } = await import('node:os');
      assert.deepEqual(
        [...new Set(samples.get('node_cpu_seconds_total')!.map((s) => s.labels.mode))],
        ['user', 'nice', 'system', 'idle', 'irq'],
      );
      assert.equal(
        new Set(samples.get('node_cpu_seconds_total')!.map((s) => s.labels.cpu)).size,
        cpus().length,
      );
      assert.equal(sampleValue(samples, 'node_memory_MemTotal_bytes'), totalmem());
      const ratio = sampleValue(samples, 'system_memory_utilization_ratio')!;
      assert.ok(ratio > 0 && ratio < 1);
      assert.ok(sampleValue(samples, 'node_load1')! >= 0);
      assert.ok(
        Math.abs(
          sampleValue(samples, 'node_boot_time_seconds')! -
            (Date.now() / 1000 - (await import('node:os')).uptime()),
        ) < 2,
      );
      assert.ok(![...samples.keys()].some((name) => /^node_(disk|network|filesystem)_/.test(name)));
    } finally {
      warnings.stop();
      system.stop();
    }
  });

  it('exports every meminfo field with memoryFields: "all", named as node_exporter does', async () => {
    const { registry, system } = start(fakeProcfs(), { groups: ['memory'], memoryFields: 'all' });
    try {
      const samples = await collectSamples(registry);
      assert.equal(sampleValue(samples, 'node_memory_Active_anon_bytes'), 1048476 * 1024);
      assert.equal(sampleValue(samples, 'node_memory_HugePages_Total'), 0);
      assert.equal(sampleValue(samples, 'node_memory_Hugepagesize_bytes'), 2048 * 1024);
      assert.equal(system.metricNames.length, 17 + 1);
    } finally {
      system.stop();
    }
  });

  it('exports only the named meminfo fields, by /proc or metric name', async () => {
    const { system } = start(fakeProcfs(), {
      groups: ['memory'],
      memoryFields: ['MemTotal', 'Inactive_anon', 'Nope'],
    });
    try {
      assert.deepEqual(system.metricNames, [
        'node_memory_MemTotal_bytes',
        'node_memory_Inactive_anon_bytes',
        'system_memory_utilization_ratio',
      ]);
    } finally {
      system.stop();
    }
  });
});
