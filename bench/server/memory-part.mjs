// 3. Memory per active series: telemeter and Prometheus each receive the same series by remote
// write, 4 samples per series 15 s apart (a minute of scrapes), first 100k series, then (full run)
// 900k more for 1M. After each step: RSS as the process has it, then the live heap after a forced
// full GC (V8: heapUsed + ArrayBuffers; Go: go_memstats_alloc_bytes after pprof's gc=1). Per
// series figures subtract the same server's memory right after it started, empty.
import { startPrometheus, startTelemeter } from './contenders.mjs';
import { cpuSeconds } from './proc-stats.mjs';
import { fmt, mib, ratio, table } from './report.mjs';

const SAMPLES_PER_SERIES = 4;
const STEP_MS = 15_000;

export async function memoryPart({ quick, cpu, loader, prometheus }) {
  const steps = quick ? [100_000] : [100_000, 1_000_000];
  const startMs = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
  const servers = [];
  try {
    servers.push({ server: await startTelemeter({ cpu }) });
    if (prometheus) servers.push({ server: await startPrometheus({ cpu }) });
    await new Promise((r) => setTimeout(r, 2000));
    for (const s of servers) s.empty = await s.server.memory();
    const rows = [];
    let from = 0;
    for (const to of steps) {
      for (const s of servers) {
        const before = cpuSeconds(s.server.pid);
        const result = await loader.call({
          type: 'series',
          url: s.server.remoteWriteUrl,
          from,
          to,
          rounds: SAMPLES_PER_SERIES,
          startMs,
          stepMs: STEP_MS,
          connections: 4,
        });
        if (result.errors > 0)
          throw new Error(`${s.server.name}: ${result.errors} failed requests: ${result.firstError}`);
        s.ingest = {
          seconds: result.seconds,
          cpu: cpuSeconds(s.server.pid) - before,
          samples: result.samples,
        };
      }
      await new Promise((r) => setTimeout(r, 3000)); // let background work (head chunks, GC) settle
      for (const s of servers) {
        const m = await s.server.memory();
        const stored = await s.server.storedSamples();
        const live = m.heap + m.offHeap;
        const emptyLive = s.empty.heap + s.empty.offHeap;
        rows.push({
          name: s.server.name,
          series: to,
          m,
          rssPerSeries: (m.rss - s.empty.rss) / to,
          livePerSeries: (live - emptyLive) / to,
          live,
          stored,
          ingest: s.ingest,
        });
      }
      from = to;
    }
    console.log(
      `${SAMPLES_PER_SERIES} samples per series ${STEP_MS / 1000} s apart, sent by remote write (1,000 series per request, 4 connections); ` +
        'per-series figures subtract the empty server\n',
    );
    const base = (series) => rows.find((r) => r.series === series);
    table(
      [
        '<server',
        'series',
        'RSS',
        'RSS per series',
        'vs telemeter',
        'live heap after GC',
        'heap per series',
        'vs telemeter',
        'ingest s (CPU s)',
        'stored samples',
      ],
      rows.map((r) => [
        r.name,
        fmt(r.series),
        mib(r.m.rss),
        `${fmt(r.rssPerSeries, 0)} B`,
        ratio(r.rssPerSeries, base(r.series).rssPerSeries),
        mib(r.live),
        `${fmt(r.livePerSeries, 0)} B`,
        ratio(r.livePerSeries, base(r.series).livePerSeries),
        `${fmt(r.ingest.seconds, 1)} (${fmt(r.ingest.cpu, 1)})`,
        fmt(r.stored),
      ]),
    );
    console.log(`\nlive heap: ${servers.map((s) => `${s.server.name}: ${s.empty.heapNote}`).join('; ')}`);
    return rows;
  } finally {
    for (const s of servers) await s.server.stop();
  }
}
