/** The collector on this machine's real /proc (Linux only). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { describe, it } from 'node:test';
import { formatPrometheusText, Registry } from '@telemeter/core';
import { findBinary, promtoolCheckMetrics } from '@telemeter/testkit';
import { collectSystemMetrics } from './collect-system-metrics.js';
import { DEFAULT_EXCLUDED_FS_TYPES, DEFAULT_EXCLUDED_MOUNTPOINTS } from './name-filter.js';
import { parseMeminfo } from './parse-meminfo.js';
import { parseMounts } from './parse-mounts.js';
import { parseProcStat } from './parse-proc-stat.js';
import { collectSamples, sampleValue, sumOf } from './testing/families.js';

const linuxOnly = { skip: process.platform !== 'linux' ? 'needs /proc' : false };

/** Keeps this thread on a CPU for `ms` of wall time. */
function burnCpu(ms: number): void {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  if (x < 0) throw new Error('unreachable');
}

/** Sends `bytes` over a TCP connection to 127.0.0.1 and waits until the server has read them all. */
async function loopbackTraffic(bytes: number): Promise<void> {
  let received = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const server = createServer((socket) => {
    socket.on('data', (chunk) => {
      received += chunk.length;
      if (received >= bytes) done();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const client = connect(port, '127.0.0.1');
  client.end(Buffer.alloc(bytes, 7));
  await all;
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
}

describe('collectSystemMetrics on this machine', linuxOnly, () => {
  it('reads every group from /proc and registers node_exporter names', () => {
    const registry = new Registry();
    const system = collectSystemMetrics({ registry });
    try {
      assert.deepEqual(system.sources, {
        cpu: 'procfs',
        kernel: 'procfs',
        memory: 'procfs',
        load: 'procfs',
        disk: 'procfs',
        network: 'procfs',
        filesystem: 'procfs',
      });
      for (const name of [
        'node_cpu_seconds_total',
        'system_cpu_utilization_ratio',
        'node_boot_time_seconds',
        'node_context_switches_total',
        'node_procs_running',
        'node_memory_MemTotal_bytes',
        'node_memory_MemAvailable_bytes',
        'node_memory_SwapTotal_bytes',
        'system_memory_utilization_ratio',
        'node_load1',
        'node_load5',
        'node_load15',
        'node_disk_read_bytes_total',
        'node_disk_io_time_seconds_total',
        'node_network_receive_bytes_total',
        'node_network_transmit_errs_total',
        'node_filesystem_size_bytes',
        'node_filesystem_avail_bytes',
      ]) {
        assert.ok(system.metricNames.includes(name), name);
        assert.ok(registry.get(name) !== undefined, name);
      }
    } finally {
      system.stop();
    }
    assert.deepEqual(registry.getAll(), [], 'stop() unregisters everything');
  });

  it('CPU seconds increase after burning CPU, and utilization covers the interval', async () => {
    const registry = new Registry();
    const system = collectSystemMetrics({ registry, groups: ['cpu'] });
    try {
      const before = await collectSamples(registry);
      const cpuBefore = process.cpuUsage();
      burnCpu(400);
      const burnt = process.cpuUsage(cpuBefore);
      const after = await collectSamples(registry);
      const busy = (s: typeof before) =>
        sumOf(s, 'node_cpu_seconds_total', { mode: 'user' }) +
        sumOf(s, 'node_cpu_seconds_total', { mode: 'system' });
      const grew = busy(after) - busy(before);
      // Ticks are 10 ms per CPU; this process alone burnt (user + system) of CPU time.
      const ours = (burnt.user + burnt.system) / 1e6;
      assert.ok(grew >= ours - 0.05, `host busy time grew ${grew} s, this process burnt ${ours} s`);
      for (const point of after.get('node_cpu_seconds_total')!) {
        const old = before
          .get('node_cpu_seconds_total')!
          .find((p) => p.labels.cpu === point.labels.cpu && p.labels.mode === point.labels.mode);
        assert.ok(point.value >= old!.value, 'counters never go down');
      }
      const ratios = after.get('system_cpu_utilization_ratio')!;
      assert.deepEqual(
        ratios.map((r) => r.labels.cpu_mode),
        ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'],
      );
      const sum = ratios.reduce((acc, r) => acc + r.value, 0);
      assert.ok(Math.abs(sum - 1) < 1e-9, `ratios sum to ${sum}`);
      const idle = sampleValue(after, 'system_cpu_utilization_ratio', { cpu_mode: 'idle' })!;
      // One of the CPUs was busy with us for the whole interval.
      const cpus = new Set(after.get('node_cpu_seconds_total')!.map((p) => p.labels.cpu)).size;
      assert.ok(1 - idle >= 0.9 / cpus - 0.05, `busy share ${1 - idle} with ${cpus} CPUs`);
    } finally {
      system.stop();
    }
  });

  it('memory totals equal /proc/meminfo', async () => {
    const registry = new Registry();
    const system = collectSystemMetrics({ registry, groups: ['memory'] });
    try {
      const samples = await collectSamples(registry);
      const info = parseMeminfo(readFileSync('/proc/meminfo', 'utf8'));
      for (const field of ['MemTotal', 'SwapTotal', 'CommitLimit']) {
        assert.equal(sampleValue(samples, `node_memory_${field}_bytes`), info.bytes.get(field), field);
      }
      const total = info.bytes.get('MemTotal')!;
      const available = sampleValue(samples, 'node_memory_MemAvailable_bytes')!;
      assert.ok(available > 0 && available <= total);
      const ratio = sampleValue(samples, 'system_memory_utilization_ratio')!;
      // Memory moves between the scrape and our read; the used share is close either way.
      assert.ok(Math.abs(ratio - (total - info.bytes.get('MemAvailable')!) / total) < 0.02, String(ratio));
    } finally {
      system.stop();
    }
  });

  it('reports the filesystem of / with size >= free >= avail, and skips pseudo filesystems', async () => {
    const registry = new Registry();
    const system = collectSystemMetrics({ registry, groups: ['filesystem'] });
    try {
      const samples = await collectSamples(registry);
      const root = { mountpoint: '/' };
      const size = sampleValue(samples, 'node_filesystem_size_bytes', root)!;
      const free = sampleValue(samples, 'node_filesystem_free_bytes', root)!;
      const avail = sampleValue(samples, 'node_filesystem_avail_bytes', root)!;
      assert.ok(size > 0 && size >= free && free >= avail && avail >= 0, `${size} ${free} ${avail}`);
      assert.ok(
        sampleValue(samples, 'node_filesystem_files', root)! >=
          sampleValue(samples, 'node_filesystem_files_free', root)!,
      );
      assert.equal(sampleValue(samples, 'node_filesystem_device_error', root), 0);
      assert.equal(sampleValue(samples, 'node_filesystem_readonly', root), 0);
      const fstypes = new Set(samples.get('node_filesystem_size_bytes')!.map((s) => s.labels.fstype));
      for (const pseudo of ['proc', 'sysfs', 'tmpfs', 'cgroup', 'cgroup2', 'devpts', 'devtmpfs']) {
        assert.ok(!fstypes.has(pseudo), pseudo);
      }
    } finally {
      system.stop();
    }
  });

  it('includes a tmpfs when its mountpoint is named explicitly', {
    skip: !readFileSync('/proc/self/mounts', 'utf8').includes(' /dev/shm tmpfs ') && 'no tmpfs on /dev/shm',
  }, async () => {
    const registry = new Registry();
    const system = collectSystemMetrics({ registry, groups: ['filesystem'], mountpoints: ['/dev/shm'] });
    try {
      const samples = await collectSamples(registry);
      assert.deepEqual(
        samples.get('node_filesystem_size_bytes')!.map((s) => s.labels),
        [{ device: 'tmpfs', fstype: 'tmpfs', mountpoint: '/dev/shm' }],
      );
    } finally {
      system.stop();
    }
  });

  it('includes tmpfs mounts when tmpfs is taken off the fstype exclusions', async () => {
    const registry = new Registry();
    const system = collectSystemMetrics({
      registry,
      groups: ['filesystem'],
      fsTypes: { exclude: DEFAULT_EXCLUDED_FS_TYPES.filter((t) => t !== 'tmpfs') },
    });
    try {
      const samples = await collectSamples(registry);
      const expected = parseMounts(readFileSync('/proc/self/mounts', 'utf8'))
        .filter((m) => m.fstype === 'tmpfs')
        .filter(
          (m) =>
            !DEFAULT_EXCLUDED_MOUNTPOINTS.some((p) =>
              typeof p === 'string' ? p === m.mountpoint : p.test(m.mountpoint),
            ),
        )
        .map((m) => m.mountpoint);
      const reported = (samples.get('node_filesystem_device_error') ?? [])
        .filter((s) => s.labels.fstype === 'tmpfs')
        .map((s) => s.labels.mountpoint);
      assert.deepEqual(reported, expected);
    } finally {
      system.stop();
    }
  });

  it('leaves lo out by default, and counts loopback traffic once lo is included', async () => {
    const defaults = new Registry();
    const byDefault = collectSystemMetrics({ registry: defaults, groups: ['network'] });
    const devices = (await collectSamples(defaults))
      .get('node_network_receive_bytes_total')!
      .map((s) => s.labels.device);
    byDefault.stop();
    assert.ok(!devices.includes('lo'), `default interfaces: ${devices.join(', ')}`);

    const registry = new Registry();
    const system = collectSystemMetrics({ registry, groups: ['network'], interfaces: ['lo'] });
    try {
      const before = await collectSamples(registry);
      const bytes = 2 * 1024 * 1024;
      await loopbackTraffic(bytes);
      const after = await collectSamples(registry);
      assert.deepEqual(
        after.get('node_network_receive_bytes_total')!.map((s) => s.labels.device),
        ['lo'],
      );
      for (const name of ['node_network_receive_bytes_total', 'node_network_transmit_bytes_total']) {
        const grew =
          sampleValue(after, name, { device: 'lo' })! - sampleValue(before, name, { device: 'lo' })!;
        assert.ok(grew >= bytes, `${name} grew by ${grew}`);
      }
      const packets = 'node_network_receive_packets_total';
      assert.ok(
        sampleValue(after, packets, { device: 'lo' })! > sampleValue(before, packets, { device: 'lo' })!,
      );
    } finally {
      system.stop();
    }
  });

  it('reports whole disks and leaves loop, ram and partition devices out', async () => {
    const registry = new Registry();
    const system = collectSystemMetrics({ registry, groups: ['disk'] });
    try {
      const samples = await collectSamples(registry);
      const devices = (samples.get('node_disk_reads_completed_total') ?? []).map((s) => s.labels.device!);
      for (const device of devices) assert.doesNotMatch(device, /^(loop|z?ram)\d+$|^(s|v|xv|h)d[a-z]\d+$/);
      const all = readFileSync('/proc/diskstats', 'utf8');
      for (const device of devices) assert.ok(all.includes(` ${device} `));
    } finally {
      system.stop();
    }
  });

  it('kernel and load values match /proc', async () => {
    const registry = new Registry();
    const system = collectSystemMetrics({ registry, groups: ['kernel', 'load'] });
    try {
      const samples = await collectSamples(registry);
      const stat = parseProcStat(readFileSync('/proc/stat', 'utf8'));
      assert.equal(sampleValue(samples, 'node_boot_time_seconds'), stat.bootTimeSeconds);
      assert.ok(sampleValue(samples, 'node_context_switches_total')! <= stat.contextSwitches!);
      assert.ok(sampleValue(samples, 'node_forks_total')! <= stat.forks!);
      const [load1] = readFileSync('/proc/loadavg', 'utf8').split(' ');
      assert.ok(Math.abs(sampleValue(samples, 'node_load1')! - Number(load1)) <= 0.5);
    } finally {
      system.stop();
    }
  });

  it('reads each /proc file once per scrape, however many metrics use it', async (t) => {
    const { default: fs } = await import('node:fs');
    const { syncBuiltinESMExports } = await import('node:module');
    const registry = new Registry();
    const system = collectSystemMetrics({ registry });
    const reads = new Map<string, number>();
    const original = fs.readFileSync;
    t.mock.method(fs, 'readFileSync', (...args: Parameters<typeof original>) => {
      reads.set(String(args[0]), (reads.get(String(args[0])) ?? 0) + 1);
      return original(...args);
    });
    syncBuiltinESMExports();
    try {
      await registry.collect();
      await registry.collect();
    } finally {
      t.mock.restoreAll();
      syncBuiltinESMExports();
      system.stop();
    }
    assert.deepEqual(Object.fromEntries(reads), {
      '/proc/stat': 2,
      '/proc/meminfo': 2,
      '/proc/loadavg': 2,
      '/proc/diskstats': 2,
      '/proc/net/dev': 2,
      '/proc/self/mounts': 2,
    });
  });

  it('adds constant labels to every series and takes a prefix', async () => {
    const registry = new Registry({ defaultLabels: { service: 'api' } });
    const system = collectSystemMetrics({
      registry,
      prefix: 'host_',
      labels: { host: 'a' },
      groups: ['cpu', 'load'],
    });
    try {
      const samples = await collectSamples(registry);
      assert.ok(samples.has('host_node_load1') && samples.has('host_system_cpu_utilization_ratio'));
      for (const [, list] of samples) for (const s of list) assert.equal(s.labels.host, 'a');
      assert.deepEqual(Object.keys(samples.get('host_node_cpu_seconds_total')![0]!.labels), [
        'cpu',
        'mode',
        'host',
        'service',
      ]);
    } finally {
      system.stop();
    }
  });

  it('produces exposition promtool accepts (lint: only node_exporter’s camelCase memory names)', {
    skip: findBinary('promtool') === undefined ? 'promtool is not installed' : false,
  }, async () => {
    const registry = new Registry({ selfMetrics: false });
    const system = collectSystemMetrics({ registry, interfaces: ['lo'] });
    try {
      await registry.collect();
      const text = formatPrometheusText(await registry.collect());
      const result = await promtoolCheckMetrics(text);
      assert.deepEqual(result.parseErrors, []);
      for (const warning of result.lintWarnings) assert.match(warning, /node_memory_\w+.*camelCase/);
    } finally {
      system.stop();
    }
  });
});
