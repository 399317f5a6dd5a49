// Cost of the system metrics kit (collectSystemMetrics from @telemeter/kits/system).
//
// 1. One scrape, in-process: CPU µs and wall µs per registry.collect() with every group, then per
//    group alone, and per registry.metrics() (collect + Prometheus text). The % of a core at one
//    scrape per second is CPU µs per collect / 10^6 s × 100. Real scrape intervals are 15-60 s.
// 2. The parsers alone on this machine's /proc files (µs per parse), and node:os calls for scale.
// 3. Steady cost, measured: CPU of an otherwise idle child process scraped once per second with
//    and without the collector, median of interleaved rounds. On a shared VM an idle process
//    varies by a few tenths of a percent of a core between runs, so this confirms the order of
//    magnitude; the in-process figure above is the precise one.
//
// Usage: node bench/system.bench.mjs [seconds per steady run, default 5] [rounds, default 3]
//        BENCH_QUICK=1 skips the steady-cost runs.
import { readFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { measureIdleScrapes, median, runIdleChild } from './lib/steady-cost.mjs';

const core = new URL('../packages/core/dist/esm/index.js', import.meta.url).href;
const kit = new URL('../packages/kits/dist/esm/system/index.js', import.meta.url).href;
const GROUPS = ['cpu', 'kernel', 'memory', 'load', 'disk', 'network', 'filesystem'];

async function setUp(groups) {
  const { Registry } = await import(core);
  const { collectSystemMetrics } = await import(kit);
  const registry = new Registry({ selfMetrics: false });
  const system =
    groups === null ? { stop() {}, metricNames: [] } : collectSystemMetrics({ registry, groups });
  return { registry, system };
}

async function measure(fn, calls) {
  for (let i = 0; i < Math.min(200, calls); i++) await fn();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  const cpu = process.cpuUsage(cpu0);
  return {
    cpuMicros: (cpu.user + cpu.system) / calls,
    wallMicros: ((performance.now() - t0) * 1000) / calls,
  };
}

function measureSync(fn, calls) {
  for (let i = 0; i < Math.min(500, calls); i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) fn();
  return ((performance.now() - t0) * 1000) / calls;
}

/** Runs in the child: prints { cpuMicros, wallMs } for the measured window. */
async function child(mode, seconds) {
  const { registry, system } = await setUp(mode === 'baseline' ? null : GROUPS);
  await measureIdleScrapes(() => registry.collect(), seconds);
  system.stop();
}

async function main() {
  const seconds = Number(process.argv[2] ?? 5);
  const rounds = Number(process.argv[3] ?? 3);
  const quick = process.env.BENCH_QUICK === '1';
  const calls = quick ? 1000 : 5000;
  console.log(
    `node ${process.version}, ${process.platform}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`,
  );

  const all = await setUp(GROUPS);
  const families = await all.registry.collect();
  const series = families.reduce((n, f) => n + f.points.length, 0);
  console.log(
    `Collector: ${all.system.metricNames.length} families, ${series} series on this host (${JSON.stringify(all.system.sources)})\n`,
  );
  console.log(`One scrape, in-process (mean over ${calls} calls after warm-up)`);
  console.log('| groups | call | CPU µs/call | wall µs/call | % of a core at 1 scrape/s |');
  console.log('|---|---|---:|---:|---:|');
  const row = (groups, call, r) =>
    console.log(
      `| ${groups} | ${call} | ${r.cpuMicros.toFixed(1)} | ${r.wallMicros.toFixed(1)} | ${(r.cpuMicros / 1e4).toFixed(4)} % |`,
    );
  const empty = await setUp(null);
  row('none (empty registry)', 'registry.collect()', await measure(() => empty.registry.collect(), calls));
  row('all', 'registry.collect()', await measure(() => all.registry.collect(), calls));
  row('all', 'registry.metrics()', await measure(() => all.registry.metrics(), calls));
  all.system.stop();
  for (const group of GROUPS) {
    const one = await setUp([group]);
    row(group, 'registry.collect()', await measure(() => one.registry.collect(), calls));
    one.system.stop();
  }

  if (process.platform === 'linux') {
    const { parseDiskstats, parseLoadavg, parseMeminfo, parseMounts, parseNetDev, parseProcStat } =
      await import(kit);
    const parsers = [
      ['/proc/stat', parseProcStat],
      ['/proc/meminfo', parseMeminfo],
      ['/proc/loadavg', parseLoadavg],
      ['/proc/diskstats', parseDiskstats],
      ['/proc/net/dev', parseNetDev],
      ['/proc/self/mounts', parseMounts],
    ];
    console.log('\nParsers and reads alone (µs per call, this machine’s files)');
    console.log('| file | bytes | readFileSync µs | parse µs |');
    console.log('|---|---:|---:|---:|');
    for (const [file, parse] of parsers) {
      const text = readFileSync(file, 'utf8');
      const read = measureSync(() => readFileSync(file, 'utf8'), 20_000);
      const parseMicros = measureSync(() => parse(text), 20_000);
      console.log(`| ${file} | ${text.length} | ${read.toFixed(2)} | ${parseMicros.toFixed(2)} |`);
    }
  }
  console.log('\nFor scale, node:os (µs per call)');
  console.log('| call | µs |');
  console.log('|---|---:|');
  for (const [name, fn] of [
    ['os.cpus()', cpus],
    ['os.loadavg()', loadavg],
    ['os.totalmem() + os.freemem()', () => totalmem() + freemem()],
  ]) {
    console.log(`| ${name} | ${measureSync(fn, 20_000).toFixed(2)} |`);
  }

  if (quick) return;
  const samples = { baseline: [], system: [] };
  for (let r = 0; r < rounds; r++) {
    for (const mode of Object.keys(samples))
      samples[mode].push(runIdleChild(new URL(import.meta.url).pathname, mode, seconds));
  }
  const base = median(samples.baseline);
  console.log(
    `\nSteady cost, measured: idle child process scraped 1/s, ${rounds} rounds × ${seconds} s (median)`,
  );
  console.log('| mode | CPU % of a core | minus baseline | runs |');
  console.log('|---|---:|---:|---|');
  for (const [mode, list] of Object.entries(samples)) {
    const p = median(list);
    const extra = mode === 'baseline' ? '' : `${(p - base).toFixed(3)} %`;
    console.log(`| ${mode} | ${p.toFixed(3)} % | ${extra} | ${list.map((x) => x.toFixed(2)).join(' ')} |`);
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]));
else await main();
