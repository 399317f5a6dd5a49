// 1. Remote-write ingestion throughput: the load generator (its own process) sends pre-encoded
// snappy WriteRequests of 1,000 samples (10,000 series, each request one sample of 1,000 of them,
// timestamps advancing 1 s per series per round) over several keep-alive connections, for a fixed
// time, to each server in turn; rounds are interleaved so machine noise hits every server alike.
// Samples/s counts acknowledged (2xx) samples; CPU per sample is the server's CPU time from /proc
// over the same window. Every server is checked to have stored what it acknowledged.
import { cpuSeconds } from './proc-stats.mjs';
import { fmt, median, ratio, table } from './report.mjs';

export async function ingestPart({ quick, cpu, loader, contenders: start }) {
  const ROUNDS = quick ? 2 : 5;
  const SECONDS = quick ? 2.5 : 5;
  const WARMUP_SECONDS = quick ? 1 : 2;
  const CONNECTIONS = Number(process.env.SERVER_BENCH_CONNECTIONS ?? 10);
  const prep = performance.now();
  const pool = await loader.call({ type: 'prepare', rounds: quick ? 200 : 1200 });
  console.log(
    `load: ${fmt(pool.series)} series, ${fmt(pool.perRequest)} samples per request, ${CONNECTIONS} connections; ` +
      `${fmt(pool.poolRounds)} rounds of requests built ahead in ${fmt((performance.now() - prep) / 1000, 1)} s ` +
      `(more are built while sending, shared by all servers)`,
  );
  const servers = [];
  try {
    for (const s of start)
      servers.push({
        server: await s(cpu),
        next: new Array(pool.series / pool.perRequest).fill(0),
        samples: 0,
        seconds: 0,
        cpu: 0,
        acked: 0,
        perRound: [],
        errors: 0,
        firstError: undefined,
        loaderCpu: 0,
      });
    const send = (entry, seconds) =>
      loader.call({
        type: 'run',
        url: entry.server.remoteWriteUrl,
        seconds,
        connections: CONNECTIONS,
        next: entry.next,
      });
    for (const entry of servers) {
      const result = await send(entry, WARMUP_SECONDS);
      entry.next = result.next;
      entry.acked += result.samples;
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < servers.length; i++) {
        const entry = servers[(i + round) % servers.length];
        const before = cpuSeconds(entry.server.pid);
        const result = await send(entry, SECONDS);
        const used = cpuSeconds(entry.server.pid) - before;
        entry.cpu += used;
        entry.perRound.push({
          rate: result.samples / result.seconds,
          cpuPerSample: (used / result.samples) * 1e6,
        });
        entry.next = result.next;
        entry.samples += result.samples;
        entry.acked += result.samples;
        entry.seconds += result.seconds;
        entry.errors += result.errors;
        entry.firstError ??= result.firstError;
        entry.loaderCpu += result.loaderCpuSeconds;
      }
    }
    const rows = [];
    const base = servers[0];
    for (const e of servers) {
      const stored = await e.server.storedSamples();
      e.rate = median(e.perRound.map((r) => r.rate));
      e.cpuPerSample = median(e.perRound.map((r) => r.cpuPerSample));
      const spread = (xs, digits) => `${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)}`;
      rows.push([
        e.server.name,
        `${fmt(e.rate / 1e3, 0)} (${spread(
          e.perRound.map((r) => r.rate / 1e3),
          0,
        )})`,
        `${fmt((e.cpu / e.seconds) * 100, 0)} %`,
        `${fmt(e.cpuPerSample, 2)} (${spread(
          e.perRound.map((r) => r.cpuPerSample),
          2,
        )})`,
        fmt(1e6 / e.cpuPerSample / 1e3, 0),
        ratio(base.cpuPerSample, e.cpuPerSample),
        stored === e.acked ? 'all' : `${fmt(stored)} of ${fmt(e.acked)}`,
        e.errors === 0 ? '0' : `${e.errors}: ${e.firstError}`,
      ]);
    }
    console.log(
      `\n${ROUNDS} rounds × ${SECONDS} s per server, interleaved, after ${WARMUP_SECONDS} s of warm-up; medians of the rounds ` +
        `(range); server CPU = its CPU time ÷ wall time; load generator CPU ` +
        servers.map((e) => `${fmt((e.loaderCpu / e.seconds) * 100, 0)} %`).join(' / ') +
        ' of a core while sending\n',
    );
    table(
      [
        '<server',
        'k samples/s acked',
        'server CPU',
        'CPU µs/sample',
        'k samples per CPU-s',
        `${base.server.name} CPU/sample ÷ this`,
        'stored',
        'errors',
      ],
      rows,
    );
    return servers.map((e) => ({ name: e.server.name, rate: e.rate, cpuPerSample: e.cpuPerSample }));
  } finally {
    for (const e of servers) await e.server.stop();
  }
}
