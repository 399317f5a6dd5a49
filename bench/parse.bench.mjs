// Parser: samples/s and MB/s of parseExposition and the streaming parser on a 100k-sample scrape,
// in both formats, next to trivial baselines (splitting into lines; a regex per line) and V8's
// native JSON.parse, which say what the bare string work costs in this Node. Each contender runs
// in its own process, so that one's garbage and JIT feedback do not bill the next.
// Run: npm run bench (or node bench/parse.bench.mjs after npm run build).
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const { createExpositionParser, parseExposition } = await import('../packages/core/dist/esm/index.js');

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = QUICK ? 3 : 9;
const SAMPLES = 100_000;

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = ['200', '201', '404', '500'];
const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];

/**
 * A scrape shaped like a busy service: labelled counters, histograms (14 samples per series),
 * gauges with long label values and a few escapes. Returns [prometheusText, openMetricsText, samples].
 */
function buildExposition() {
  const prom = [];
  const om = [];
  let samples = 0;
  const both = (line) => {
    prom.push(line);
    om.push(line);
  };
  both('# HELP http_requests Requests served.');
  prom.push('# TYPE http_requests_total counter');
  om.push('# TYPE http_requests counter');
  for (let i = 0; samples < 40_000; i++) {
    const labels = `method="${METHODS[i % 4]}",route="/api/v1/items/${i >> 4}",status="${STATUSES[(i >> 2) % 4]}"`;
    both(`http_requests_total{${labels}} ${(i * 7919) % 100_000}`);
    samples++;
  }
  both('# HELP http_request_duration_seconds Request latency.');
  both('# TYPE http_request_duration_seconds histogram');
  for (let i = 0; samples < 82_000; i++) {
    const labels = `method="${METHODS[i % 4]}",route="/api/v1/items/${i >> 2}"`;
    let cumulative = 0;
    for (const le of BUCKETS) {
      cumulative += (i + le.length) % 7;
      both(`http_request_duration_seconds_bucket{${labels},le="${le}"} ${cumulative}`);
    }
    both(`http_request_duration_seconds_sum{${labels}} ${(cumulative * 0.137).toFixed(3)}`);
    both(`http_request_duration_seconds_count{${labels}} ${cumulative}`);
    samples += BUCKETS.length + 2;
  }
  both('# HELP queue_depth Jobs waiting, per queue.');
  both('# TYPE queue_depth gauge');
  for (let i = 0; samples < SAMPLES; i++) {
    const labels = `queue="jobs-${i}",host="worker-${i % 50}.eu-west-1.internal",note="say \\"hi\\"\\n"`;
    both(`queue_depth{${labels}} ${(i % 1000) / 8}`);
    samples++;
  }
  om.push('# EOF');
  return [`${prom.join('\n')}\n`, `${om.join('\n')}\n`, samples];
}

/**
 * Median CPU milliseconds of `fn()` over ROUNDS runs after two warm-ups. CPU time (user + system
 * of this process, GC threads included) rather than wall time, so that the figures hold on a
 * machine busy with other work. No gc() between runs: a forced full GC drops compiled code, and
 * the next run then measured the JIT warming up again (3x slower).
 */
function time(fn) {
  fn();
  fn();
  const runs = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.cpuUsage();
    fn();
    const { user, system } = process.cpuUsage(start);
    runs.push((user + system) / 1e3);
  }
  runs.sort((a, b) => a - b);
  return runs[runs.length >> 1];
}

const [promText, omText, samples] = buildExposition();

// Baselines: what every parser must at least do (find the lines); a naive parser that runs a
// regex per line and per label without any validation; and V8's native JSON.parse building the
// same objects from an equivalent JSON document (a bound for a parser written in JavaScript).
const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (\S+))?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
function regexParse(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (m === null) continue;
    const labels = {};
    if (m[2] !== undefined) for (const l of m[2].matchAll(LABEL)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out.length;
}
/** JSON of the same samples, for the JSON.parse reference. */
const jsonOf = (text) =>
  JSON.stringify(
    parseExposition(text, { format: 'prometheus' }).flatMap((f) =>
      f.samples.map((x) => [x.name, x.labels, x.value]),
    ),
  );
const bytes = {
  prometheus: Buffer.byteLength(promText),
  openmetrics: Buffer.byteLength(omText),
  json: () => Buffer.byteLength(jsonOf(promText)),
};

const count = (families) => families.reduce((n, f) => n + f.samples.length, 0);
function stream(text, format) {
  let n = 0;
  const parser = createExpositionParser({ format, onSample: () => n++ });
  parser.write(text);
  parser.end();
  return n;
}
/** The text cut into 64 KiB chunks the way an HTTP body is decoded: TextDecoder in stream mode. */
function decodedChunks(text) {
  const raw = Buffer.from(text);
  const decoder = new TextDecoder();
  const chunks = [];
  for (let i = 0; i < raw.length; i += 65_536)
    chunks.push(decoder.decode(raw.subarray(i, i + 65_536), { stream: true }));
  chunks.push(decoder.decode());
  return chunks;
}
function streamChunks(chunks, format) {
  let n = 0;
  const parser = createExpositionParser({ format, onSample: () => n++ });
  for (const chunk of chunks) parser.write(chunk);
  parser.end();
  return n;
}

/**
 * [contender, input, prepare]: prepare() builds the contender's own input (only in its process)
 * and returns the run, which returns the number of samples it saw (undefined: not checked).
 */
const rows = [
  ['baseline: text.split("\\n")', 'prometheus', () => () => void promText.split('\n')],
  ['baseline: regex per line, no checks', 'prometheus', () => () => regexParse(promText)],
  [
    'reference: JSON.parse of the same data',
    'json',
    () => {
      const json = jsonOf(promText);
      return () => JSON.parse(json).length;
    },
  ],
  ['parseExposition', 'prometheus', () => () => count(parseExposition(promText, { format: 'prometheus' }))],
  ['createExpositionParser (onSample)', 'prometheus', () => () => stream(promText, 'prometheus')],
  [
    '  same, fed in 64 KiB decoded chunks',
    'prometheus',
    () => {
      const chunks = decodedChunks(promText);
      return () => streamChunks(chunks, 'prometheus');
    },
  ],
  ['parseExposition', 'openmetrics', () => () => count(parseExposition(omText, { format: 'openmetrics' }))],
  ['createExpositionParser (onSample)', 'openmetrics', () => () => stream(omText, 'openmetrics')],
];

const row = process.env.PARSE_BENCH_ROW;
if (row !== undefined) {
  // Child: check that the contender sees every sample, then time it.
  const [name, , prepare] = rows[Number(row)];
  const run = prepare();
  const seen = run();
  if (seen !== undefined && seen !== samples)
    throw new Error(`${name} saw ${seen} samples, expected ${samples}`);
  console.log(JSON.stringify(time(run)));
} else {
  console.log(
    `parse a ${samples.toLocaleString('en-US')}-sample scrape (${(bytes.prometheus / 1e6).toFixed(1)} MB text, ` +
      `${(bytes.openmetrics / 1e6).toFixed(1)} MB OpenMetrics); median CPU time of ${ROUNDS} runs, each contender ` +
      `in its own process; node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}\n`,
  );
  const header = ['contender', 'input', 'CPU ms', 'samples/s', 'MB/s'];
  const table = rows.map(([name, input], i) => {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, PARSE_BENCH_ROW: String(i) },
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
    const ms = Number(child.stdout.trim());
    const perSecond = (amount) => ((amount / ms) * 1e3) / 1e6;
    const size = typeof bytes[input] === 'function' ? bytes[input]() : bytes[input];
    return [name, input, ms.toFixed(1), `${perSecond(samples).toFixed(2)} M`, perSecond(size).toFixed(0)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of table) console.log(line(r));
}
