// The remote-write load generator, a process of its own (started by server.bench.mjs, driven over
// IPC) so that building and sending requests never shares a process with a server under test.
//
// Commands (each answered with {id, result} or {id, error}):
//   {type:'prepare', rounds}     build the throughput workload's bodies up to `rounds` ahead of time
//   {type:'run', url, seconds, connections, next}
//                                send that workload for `seconds`; `next[k]` is the round each
//                                request template k is at for this server (returned advanced)
//   {type:'series', url, from, to, rounds, startMs, stepMs, connections}
//                                series [from, to) × `rounds` samples, as fast as the server takes them
//   {type:'dataset', url, dir, connections}
//                                the scrapes of a gen-dataset.mjs remote-write-batches dir
//
// Every request holds PER_REQUEST samples of as many series, one sample each, as Prometheus's queue
// sends them; a connection owns its series, so each series' samples arrive in time order.
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import {
  encodeWriteRequest,
  snappyCompress,
  snappyUncompress,
} from '../../packages/server/dist/esm/index.js';
import { SeriesValues, seriesLabels } from './series-set.mjs';
import { encodeLabels, encodeOneSampleEach, patch } from './write-request-template.mjs';

export const PER_REQUEST = 1000;
const HEADERS = {
  'content-type': 'application/x-protobuf',
  'content-encoding': 'snappy',
  'x-prometheus-remote-write-version': '0.1.0',
  'user-agent': 'telemeter-bench/1',
};

/** POSTs one body; resolves with the status (and the start of the body when it is not 2xx). */
function post(agent, url, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent,
      headers: { ...HEADERS, 'content-length': body.length },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        if (text.length < 500) text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.end(body);
  });
}

/** Runs `connections` sequential senders; sender c sends what `nextBody(c)` gives until it gives undefined. */
async function sendAll(url, connections, nextBody) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const totals = { samples: 0, requests: 0, errors: 0, firstError: undefined };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      for (let item = nextBody(c); item !== undefined; item = nextBody(c)) {
        const { status, text } = await post(agent, url, item.body);
        totals.requests++;
        if (status >= 200 && status < 300) totals.samples += item.samples;
        else {
          totals.errors++;
          totals.firstError ??= `${status} ${text.slice(0, 300)}`;
        }
      }
    }),
  );
  agent.destroy();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    ...totals,
    seconds: (performance.now() - started) / 1000,
    loaderCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

// ------------------------------------------------------------ the throughput workload
// SERIES series in SERIES / PER_REQUEST request templates; round r of template k carries each of
// its series' next value at START + r × STEP (+ k × 7 ms: targets are not scraped in lockstep).
const SERIES = 10_000;
const STEP_MS = 1_000;
const TEMPLATES = SERIES / PER_REQUEST;
// Rounds start 3 h back and stop before now, so no server sees a sample from the future.
const START_MS = Math.floor(Date.now() / 60_000) * 60_000 - 3 * 3600_000;
const MAX_ROUNDS = (3 * 3600_000 - 60_000) / STEP_MS;
const templates = [];
for (let k = 0; k < TEMPLATES; k++) {
  const labels = [];
  for (let i = k * PER_REQUEST; i < (k + 1) * PER_REQUEST; i++) labels.push(encodeLabels(seriesLabels(i)));
  templates.push({
    template: encodeOneSampleEach(labels),
    values: new SeriesValues(k * PER_REQUEST, (k + 1) * PER_REQUEST),
    timestamps: new Float64Array(PER_REQUEST),
  });
}
/** bodies[r][k]: snappy bodies, built in round order (the values carry state from round to round). */
const bodies = [];

function buildRound() {
  const r = bodies.length;
  const round = [];
  for (let k = 0; k < TEMPLATES; k++) {
    const t = templates[k];
    t.timestamps.fill(START_MS + r * STEP_MS + k * 7);
    patch(t.template, t.values.next(), t.timestamps);
    round.push(snappyCompress(t.template.bytes));
  }
  bodies.push(round);
}

/** The first request must decode to what encodeWriteRequest would have sent: the template is sound. */
function checkTemplate() {
  if (bodies.length === 0) buildRound();
  const raw = snappyUncompress(bodies[0][0], 1 << 30);
  const fresh = new SeriesValues(0, PER_REQUEST).next();
  const timeseries = Array.from({ length: PER_REQUEST }, (_, i) => ({
    labels: seriesLabels(i).map(([name, value]) => ({ name, value })),
    samples: [{ value: fresh[i], timestamp: START_MS }],
  }));
  const expected = encodeWriteRequest({ timeseries });
  if (Buffer.compare(Buffer.from(raw), Buffer.from(expected)) !== 0) {
    throw new Error('bench template encoder disagrees with encodeWriteRequest');
  }
}

function runThroughput({ url, seconds, connections, next }) {
  const deadline = performance.now() + seconds * 1000;
  const owned = Array.from({ length: connections }, (_, c) =>
    Array.from({ length: TEMPLATES }, (_, k) => k).filter((k) => k % connections === c),
  );
  const turn = new Array(connections).fill(0);
  return sendAll(url, connections, (c) => {
    if (performance.now() >= deadline) return undefined;
    const mine = owned[c];
    const k = mine[turn[c]++ % mine.length];
    const r = next[k];
    if (r >= MAX_ROUNDS) return undefined;
    while (bodies.length <= r) buildRound();
    next[k] = r + 1;
    return { body: bodies[r][k], samples: PER_REQUEST };
  }).then((result) => ({ ...result, next, poolRounds: bodies.length }));
}

// ------------------------------------------------------------ series [from, to) for memory
const seriesBodies = new Map();

function buildSeries({ from, to, rounds, startMs, stepMs }) {
  const chunks = [];
  const timestamps = new Float64Array(PER_REQUEST);
  for (let a = from; a < to; a += PER_REQUEST) {
    const b = Math.min(to, a + PER_REQUEST);
    const labels = [];
    for (let i = a; i < b; i++) labels.push(encodeLabels(seriesLabels(i)));
    const template = encodeOneSampleEach(labels);
    const values = new SeriesValues(a, b);
    const perRound = [];
    for (let r = 0; r < rounds; r++) {
      timestamps.fill(startMs + r * stepMs);
      patch(template, values.next(), timestamps);
      perRound.push(snappyCompress(template.bytes));
    }
    chunks.push({ perRound, samples: b - a });
  }
  return chunks;
}

function sendSeries(args) {
  const key = JSON.stringify([args.from, args.to, args.rounds, args.startMs, args.stepMs]);
  let chunks = seriesBodies.get(key);
  if (chunks === undefined) seriesBodies.set(key, (chunks = buildSeries(args)));
  // Sender c owns chunks c, c + C, ...; it sends round 0 of all of them, then round 1, ...
  const { connections, rounds } = args;
  const position = new Array(connections).fill(0);
  return sendAll(args.url, connections, (c) => {
    const perSender = Math.ceil((chunks.length - c) / connections);
    const p = position[c]++;
    if (p >= perSender * rounds) return undefined;
    const chunk = chunks[c + (p % perSender) * connections];
    return { body: chunk.perRound[Math.floor(p / perSender)], samples: chunk.samples };
  });
}

// ------------------------------------------------------------ a gen-dataset.mjs data set
const datasetBodies = new Map();

function buildDataset(dir, connections) {
  const labelBytes = new Map();
  const instanceSender = new Map();
  const perSender = Array.from({ length: connections }, () => ({
    labels: [],
    values: [],
    timestamps: [],
    bodies: [],
  }));
  const flush = (s) => {
    if (s.labels.length === 0) return;
    const template = encodeOneSampleEach(s.labels, s.values, s.timestamps);
    s.bodies.push({ body: snappyCompress(template.bytes), samples: s.labels.length });
    s.labels = [];
    s.values = [];
    s.timestamps = [];
  };
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort();
  for (const file of files) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line === '') continue;
      const scrape = JSON.parse(line);
      const instance = scrape.series[0]?.labels.instance ?? '';
      let c = instanceSender.get(instance);
      if (c === undefined) instanceSender.set(instance, (c = instanceSender.size % connections));
      const s = perSender[c];
      for (const { labels, value } of scrape.series) {
        const key = JSON.stringify(labels);
        let bytes = labelBytes.get(key);
        if (bytes === undefined) labelBytes.set(key, (bytes = encodeLabels(Object.entries(labels))));
        s.labels.push(bytes);
        s.values.push(value);
        s.timestamps.push(scrape.ts);
      }
      if (s.labels.length >= PER_REQUEST) flush(s);
    }
  }
  for (const s of perSender) flush(s);
  return perSender.map((s) => s.bodies);
}

function sendDataset({ url, dir, connections }) {
  const key = `${dir}|${connections}`;
  let lists = datasetBodies.get(key);
  if (lists === undefined) datasetBodies.set(key, (lists = buildDataset(dir, connections)));
  const position = new Array(connections).fill(0);
  return sendAll(url, connections, (c) => lists[c][position[c]++]);
}

// ------------------------------------------------------------ IPC
const commands = {
  prepare: async ({ rounds }) => {
    checkTemplate();
    while (bodies.length < Math.min(rounds, MAX_ROUNDS)) buildRound();
    return {
      poolRounds: bodies.length,
      startMs: START_MS,
      stepMs: STEP_MS,
      series: SERIES,
      perRequest: PER_REQUEST,
    };
  },
  run: runThroughput,
  series: sendSeries,
  dataset: sendDataset,
};

let queue = Promise.resolve();
process.on('message', (message) => {
  queue = queue.then(async () => {
    try {
      const result = await commands[message.type](message);
      process.send({ id: message.id, result });
    } catch (error) {
      process.send({ id: message.id, error: error instanceof Error ? error.stack : String(error) });
    }
  });
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
