// `telemeter serve` against Prometheus 2.42 (and VictoriaMetrics 1.79 for ingestion), each server in
// its own process, measured the same way (CPU and RSS from /proc), in one run:
//   1. ingest  remote-write throughput and server CPU per sample (bench/server/ingest-part.mjs)
//   2. scrape  CPU of scraping 100 targets × 1,000 series (bench/server/scrape-part.mjs)
//   3. memory  RSS and heap at 100k and 1M active series (bench/server/memory-part.mjs)
//   4. query   HTTP API latency of 8 dashboard queries on 10k series × 1 h (bench/server/query-part.mjs)
//
// On a machine with 2+ CPUs every server is pinned to the last CPU and the load generator, the
// scrape targets and this process to the others (taskset), so "CPU %" is of one core and the
// servers never compete with the load for it. --no-pin turns that off.
//
// Run: npm run build, then node bench/server.bench.mjs [--parts=ingest,scrape,memory,query] [--no-pin]
// (or npm run bench -- server). BENCH_QUICK=1: a short run of every part (~1.5 min).
import { cpus, loadavg, totalmem } from 'node:os';
import { installed, startPrometheus, startTelemeter, startVictoriaMetrics } from './server/contenders.mjs';
import { ingestPart } from './server/ingest-part.mjs';
import { startLoader } from './server/loader.mjs';
import { memoryPart } from './server/memory-part.mjs';
import { canPin, pin } from './server/proc-stats.mjs';
import { queryPart } from './server/query-part.mjs';
import { scrapePart } from './server/scrape-part.mjs';

const quick = process.env.BENCH_QUICK === '1';
const cpuCount = cpus().length;
const pinned = !process.argv.includes('--no-pin') && canPin(cpuCount);
const serverCpu = pinned ? String(cpuCount - 1) : undefined;
const loadCpus = pinned ? `0-${cpuCount - 2}` : undefined;
const partsArg = process.argv.find((a) => a.startsWith('--parts='));
const parts = partsArg ? partsArg.slice(8).split(',') : ['ingest', 'scrape', 'memory', 'query'];
if (pinned) pin(process.pid, loadCpus);

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(
  `node ${process.version}, ${cpuCount} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; ` +
    `${quick ? 'BENCH_QUICK' : 'full run'}; servers ${pinned ? `pinned to CPU ${serverCpu}, load on ${loadCpus}` : 'not pinned'}; ` +
    `load average ${load()}`,
);
const missing = [];
if (!installed.prometheus) missing.push('prometheus (apt-get install -y prometheus)');
if (!installed.victoriaMetrics) missing.push('victoria-metrics (apt-get install -y victoria-metrics)');
if (missing.length > 0) console.log(`not installed, so not compared: ${missing.join(', ')}`);

const telemeter = (cpu) => startTelemeter({ name: 'telemeter', cpu });
const telemeterFsyncInterval = (cpu) =>
  startTelemeter({ name: 'telemeter, fsync: interval', yaml: 'storage: {fsync: interval}\n', cpu });
const prometheus = (cpu) => startPrometheus({ cpu });
const victoria = (cpu) => startVictoriaMetrics({ cpu });
const peers = (list) => list.filter(([ok]) => ok).map(([, start]) => start);

const started = performance.now();
const loader = await startLoader(loadCpus);
const context = { quick, cpu: serverCpu, loadCpus, loader };
try {
  if (parts.includes('ingest')) {
    console.log(`\n### 1. Remote-write ingestion (load average ${load()})\n`);
    await ingestPart({
      ...context,
      contenders: [
        telemeter,
        telemeterFsyncInterval,
        ...peers([
          [installed.prometheus, prometheus],
          [installed.victoriaMetrics, victoria],
        ]),
      ],
    });
  }
  if (parts.includes('scrape')) {
    console.log(`\n### 2. Scraping 100 targets × 1,000 series (load average ${load()})\n`);
    await scrapePart({ ...context, prometheus: installed.prometheus });
  }
  if (parts.includes('memory')) {
    console.log(`\n### 3. Memory per active series (load average ${load()})\n`);
    await memoryPart({ ...context, prometheus: installed.prometheus });
  }
  if (parts.includes('query')) {
    console.log(`\n### 4. Query latency through the HTTP API (load average ${load()})\n`);
    await queryPart({ ...context, prometheus: installed.prometheus });
  }
} finally {
  await loader.stop();
}
console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end ${load()})`);
