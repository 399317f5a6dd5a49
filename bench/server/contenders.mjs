// The servers under test, each in its own process behind one interface:
//   { name, url, pid, remoteWriteUrl, storedSamples(), memory(), stop() }
// telemeter runs as bench/server/telemeter-child.mjs; Prometheus 2.42 and VictoriaMetrics 1.79 are
// Debian's binaries started by @telemeter/testkit (temp dirs, 127.0.0.1, free ports).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pin, rssBytes } from './proc-stats.mjs';

const testkit = await import('../../packages/testkit/dist/esm/index.js');

/** Which peers are installed: { prometheus: boolean, victoriaMetrics: boolean }. */
export const installed = {
  prometheus: testkit.findBinary('prometheus') !== undefined,
  victoriaMetrics: testkit.findBinary('victoria-metrics') !== undefined,
};

/** Sum of every sample of `name` (any labels, or only lines containing `labelText`) in an exposition. */
export function metricSum(text, name, labelText = '') {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (labelText !== '' && !rest.includes(labelText)) continue;
    const value = Number(
      rest
        .slice(rest.lastIndexOf('}') + 1)
        .trim()
        .split(' ')[0],
    );
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}

async function metricsText(url) {
  const res = await fetch(`${url}/metrics`);
  return res.text();
}

/**
 * telemeter in a child process. `yaml` is telemeter.yml text (scrape jobs, `storage: {fsync: …}`);
 * `cpu` pins the process to that CPU list when set.
 */
export async function startTelemeter({ name = 'telemeter', yaml = '', cpu } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-server-bench-'));
  const script = new URL('./telemeter-child.mjs', import.meta.url).pathname;
  // SERVER_BENCH_CPU_PROF=DIR: each telemeter child writes a V8 CPU profile there when it stops.
  const profile = process.env.SERVER_BENCH_CPU_PROF;
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const child = spawn(process.execPath, ['--expose-gc', ...flags, script, join(dir, 'data'), yaml], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  const ready = await Promise.race([
    once(child, 'message').then(([m]) => m),
    exited.then(([code]) => ({ type: 'exit', code })),
  ]);
  if (ready.type !== 'ready') throw new Error(`telemeter child exited with ${ready.code} before listening`);
  if (cpu !== undefined) pin(child.pid, cpu);
  const ask = (message) =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send(message);
    });
  return {
    name,
    url: ready.url,
    pid: child.pid,
    remoteWriteUrl: `${ready.url}/api/v1/write`,
    async storedSamples() {
      return metricSum(await metricsText(ready.url), 'telemeter_ingest_samples_total');
    },
    /** RSS as found, then V8's heap and ArrayBuffers after a full GC (and RSS after it). */
    async memory() {
      const rss = rssBytes(child.pid);
      const after = await ask({ type: 'memory', gc: true });
      return {
        rss,
        rssAfterGc: after.rss,
        heap: after.heapUsed,
        offHeap: after.arrayBuffers,
        heapNote: 'V8 heapUsed (+ ArrayBuffers) after a full GC',
      };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.send({ type: 'close' });
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Prometheus 2.42 with the remote-write receiver on, and `scrapeYaml` (a job list) when given. */
export async function startPrometheus({ scrapeYaml, scrapeIntervalSeconds = 15, cpu } = {}) {
  const prom = await testkit.startPrometheus({
    remoteWriteReceiver: true,
    scrapeIntervalSeconds,
    extraScrapeConfigYaml: scrapeYaml,
    extraFlags: ['--storage.tsdb.retention.time=100y'],
  });
  if (cpu !== undefined) pin(prom.pid, cpu);
  return {
    name: 'Prometheus 2.42',
    url: prom.url,
    pid: prom.pid,
    remoteWriteUrl: prom.remoteWriteUrl,
    async storedSamples() {
      return metricSum(await metricsText(prom.url), 'prometheus_tsdb_head_samples_appended_total');
    },
    /** RSS as found, then Go's heap in use after a forced GC (pprof's gc=1). */
    async memory() {
      const rss = rssBytes(prom.pid);
      await (await fetch(`${prom.url}/debug/pprof/heap?gc=1`)).arrayBuffer();
      const text = await metricsText(prom.url);
      return {
        rss,
        rssAfterGc: rssBytes(prom.pid),
        heap: metricSum(text, 'go_memstats_alloc_bytes'),
        offHeap: 0,
        heapNote: 'go_memstats_alloc_bytes after a forced GC',
      };
    },
    stop: () => prom.stop(),
  };
}

/** VictoriaMetrics 1.79 single node. */
export async function startVictoriaMetrics({ cpu } = {}) {
  const vm = await testkit.startVictoriaMetrics();
  if (cpu !== undefined) pin(vm.pid, cpu);
  return {
    name: 'VictoriaMetrics 1.79',
    url: vm.url,
    pid: vm.pid,
    remoteWriteUrl: vm.remoteWriteUrl,
    async storedSamples() {
      return metricSum(await metricsText(vm.url), 'vm_rows_inserted_total', 'type="promremotewrite"');
    },
    async memory() {
      return { rss: rssBytes(vm.pid), rssAfterGc: Number.NaN, heap: Number.NaN, offHeap: 0, heapNote: '' };
    },
    stop: () => vm.stop(),
  };
}
