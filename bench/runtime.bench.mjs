// Cost of the runtime metrics collector (collectRuntimeMetrics).
//
// 1. Steady cost: CPU time of an otherwise idle child process over N seconds with one
//    registry.collect() per second (real scrape intervals are 15-60 s, so this is pessimistic),
//    minus the same process without the collector, as % of one core. Budget: < 1 %.
//    Modes run interleaved, R rounds, and the median is reported: on a shared VM single runs of
//    an almost idle process vary by ±0.3 % of a core.
// 2. Cost of one scrape: CPU time per registry.collect() and per registry.metrics() (collect +
//    Prometheus text), in this process, over many calls.
// prom-client's collectDefaultMetrics() is measured the same way for reference.
//
// Usage: node bench/runtime.bench.mjs [seconds per run, default 5] [rounds, default 3]
import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { measureIdleScrapes, median, runIdleChild } from './lib/steady-cost.mjs';

const core = new URL('../packages/core/dist/esm/index.js', import.meta.url).href;
const MODES = {
  baseline: 'empty registry scraped 1/s',
  'sampler-only': 'monitorEventLoopDelay at 10 ms alone, no metrics',
  telemeter: 'collectRuntimeMetrics(), scraped 1/s',
  'telemeter-50ms': 'same, eventLoopMonitoringPrecision: 50',
  'prom-client': 'prom-client collectDefaultMetrics(), scraped 1/s',
};

async function setUp(mode) {
  if (mode === 'prom-client') {
    const { default: client } = await import('prom-client');
    const registry = new client.Registry();
    client.collectDefaultMetrics({ register: registry });
    return { collect: () => registry.getMetricsAsJSON(), metrics: () => registry.metrics(), stop: () => {} };
  }
  const { Registry, collectRuntimeMetrics } = await import(core);
  const registry = new Registry();
  let stop = () => {};
  if (mode === 'sampler-only') {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    stop = () => histogram.disable();
  } else if (mode !== 'baseline') {
    const precision = mode === 'telemeter-50ms' ? 50 : 10;
    stop = collectRuntimeMetrics({ registry, eventLoopMonitoringPrecision: precision }).stop;
  }
  return { collect: () => registry.collect(), metrics: () => registry.metrics(), stop };
}

/** Runs in the child: prints { cpuMicros, wallMs } for the measured window. */
async function child(mode, seconds) {
  const target = await setUp(mode);
  await measureIdleScrapes(() => target.collect(), seconds);
  target.stop();
}

async function perScrape(mode, calls) {
  const target = await setUp(mode);
  const measure = async (fn) => {
    for (let i = 0; i < 200; i++) await fn();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    const cpu = process.cpuUsage(cpu0);
    return {
      cpuMicros: (cpu.user + cpu.system) / calls,
      wallMicros: ((performance.now() - t0) * 1000) / calls,
    };
  };
  const collect = await measure(target.collect);
  const metrics = await measure(target.metrics);
  target.stop();
  return { collect, metrics };
}

async function main() {
  const seconds = Number(process.argv[2] ?? 5);
  const rounds = Number(process.argv[3] ?? 3);
  console.log(
    `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; ${rounds} rounds × ${seconds} s per mode\n`,
  );
  const samples = Object.fromEntries(Object.keys(MODES).map((m) => [m, []]));
  for (let r = 0; r < rounds; r++) {
    for (const mode of Object.keys(MODES))
      samples[mode].push(runIdleChild(new URL(import.meta.url).pathname, mode, seconds));
  }
  const base = median(samples.baseline);
  console.log('Steady cost: CPU of an otherwise idle process, % of one core (median of rounds)');
  console.log('| mode | what | CPU % of a core | minus baseline | runs |');
  console.log('|---|---|---:|---:|---|');
  for (const [mode, what] of Object.entries(MODES)) {
    const p = median(samples[mode]);
    const extra = mode === 'baseline' ? '' : `${(p - base).toFixed(3)} %`;
    const runs = samples[mode].map((x) => x.toFixed(2)).join(' ');
    console.log(`| ${mode} | ${what} | ${p.toFixed(3)} % | ${extra} | ${runs} |`);
  }
  const overhead = median(samples.telemeter) - base;
  console.log(
    `\ncollector cost at the default precision, 1 scrape/s: ${overhead.toFixed(3)} % of a core (budget < 1 %)`,
  );

  console.log('\nOne scrape, in-process (mean over 2000 calls after 200 warm-up calls)');
  console.log('| library | call | CPU µs/call | wall µs/call |');
  console.log('|---|---|---:|---:|');
  for (const mode of ['telemeter', 'prom-client']) {
    const r = await perScrape(mode, 2000);
    const name = mode === 'telemeter' ? 'registry.collect()' : 'registry.getMetricsAsJSON()';
    console.log(
      `| ${mode} | ${name} | ${r.collect.cpuMicros.toFixed(1)} | ${r.collect.wallMicros.toFixed(1)} |`,
    );
    console.log(
      `| ${mode} | registry.metrics() | ${r.metrics.cpuMicros.toFixed(1)} | ${r.metrics.wallMicros.toFixed(1)} |`,
    );
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]));
else await main();
