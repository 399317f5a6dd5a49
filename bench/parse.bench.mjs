// Parser: samples/s and MB/s of parseExposition and the streaming parser on a 100k-sample scrape,
// in both formats, next to trivial baselines (splitting into lines; a regex per line) that say
// what the bare string work costs in this Node. Run: npm run bench (or node bench/parse.bench.mjs
// after npm run build).
import { cpus } from 'node:os';

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
    prom.push(`http_requests_total{${labels}} ${(i * 7919) % 100_000}`);
    om.push(`http_requests_total{${labels}} ${(i * 7919) % 100_000}`);
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

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/**
 * Median CPU milliseconds of `fn()` over ROUNDS runs after two warm-ups. CPU time (user + system
 * of this process, GC threads included) rather than wall time, so that the figures hold on a
 * machine busy with other work.
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
  return median(runs);
}

const [promText, omText, samples] = buildExposition();
const bytes = { prometheus: Buffer.byteLength(promText), openmetrics: Buffer.byteLength(omText), json: 0 };

// Baselines: what every parser must at least do (find the lines); a naive parser that runs a
// regex per line and per label without any validation; and V8's native JSON.parse building the
// same objects from an equivalent JSON document (a bound for a parser written in JavaScript).
const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (\S+))?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
function splitLines(text) {
  return text.split('\n').length;
}
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
const json = JSON.stringify(
  parseExposition(promText, { format: 'prometheus' }).flatMap((f) =>
    f.samples.map((x) => [x.name, x.labels, x.value]),
  ),
);
function jsonParse() {
  return JSON.parse(json).length;
}
function stream(text, format) {
  let n = 0;
  const parser = createExpositionParser({ format, onSample: () => n++ });
  parser.write(text);
  parser.end();
  return n;
}
function streamChunks(text, format, size) {
  let n = 0;
  const parser = createExpositionParser({ format, onSample: () => n++ });
  for (let i = 0; i < text.length; i += size) parser.write(text.slice(i, i + size));
  parser.end();
  return n;
}

// Sanity: every contender sees all samples.
for (const format of ['prometheus', 'openmetrics']) {
  const text = format === 'prometheus' ? promText : omText;
  const parsed = parseExposition(text, { format }).reduce((n, f) => n + f.samples.length, 0);
  if (
    parsed !== samples ||
    stream(text, format) !== samples ||
    streamChunks(text, format, 65_536) !== samples
  ) {
    throw new Error(`${format}: parsed ${parsed} samples, expected ${samples}`);
  }
}
if (regexParse(promText) !== samples) throw new Error('baseline regex parser lost samples');
bytes.json = Buffer.byteLength(json);

const rows = [
  ['baseline: text.split("\\n")', 'prometheus', () => splitLines(promText)],
  ['baseline: regex per line, no checks', 'prometheus', () => regexParse(promText)],
  ['reference: JSON.parse of the same data', 'json', () => jsonParse()],
  ['parseExposition', 'prometheus', () => parseExposition(promText, { format: 'prometheus' })],
  ['createExpositionParser (onSample)', 'prometheus', () => stream(promText, 'prometheus')],
  ['  same, fed in 64 KiB chunks', 'prometheus', () => streamChunks(promText, 'prometheus', 65_536)],
  ['parseExposition', 'openmetrics', () => parseExposition(omText, { format: 'openmetrics' })],
  ['createExpositionParser (onSample)', 'openmetrics', () => stream(omText, 'openmetrics')],
];

console.log(
  `parse a ${samples.toLocaleString('en-US')}-sample scrape (${(bytes.prometheus / 1e6).toFixed(1)} MB text, ` +
    `${(bytes.openmetrics / 1e6).toFixed(1)} MB OpenMetrics); median CPU time of ${ROUNDS} runs; node ${process.version}, ` +
    `${cpus()[0]?.model ?? 'cpu'}\n`,
);
const header = ['contender', 'input', 'CPU ms', 'samples/s', 'MB/s'];
const table = rows.map(([name, format, fn]) => {
  const ms = time(fn);
  return [
    name,
    format,
    ms.toFixed(1),
    `${(((samples / ms) * 1e3) / 1e6).toFixed(2)} M`,
    (((bytes[format] / ms) * 1e3) / 1e6).toFixed(0),
  ];
});
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of table) console.log(line(r));
