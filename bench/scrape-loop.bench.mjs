// Scrape path in process: CPU per scraped sample of parsing 100 targets' expositions (1,000
// series each, shaped as bench/server/scrape-targets.mjs serves them) through ScrapeBatch into a
// real DB in a temp dir, and committing. No HTTP: this is the part of a scrape telemeter's own
// code decides. Run: npm run build && node --expose-gc bench/scrape-loop.bench.mjs
// (BENCH_QUICK=1: fewer rounds). `--before=<dir>` also benches the build of another checkout
// (e.g. the previous commit's, with node_modules linked), its rounds interleaved with this one's
// so that both see the same machine load; `--plain` parses without the `seriesText` option;
// `--gc-each-round` forces a full GC before each round (how the figures of 2026-11-23 were taken);
// `--callgrind` counts instructions per sample instead (valgrind; a few minutes), which the
// machine's load does not disturb.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderExposition } from './server/exposition.mjs';

const QUICK = process.env.BENCH_QUICK === '1';
const PLAIN = process.argv.includes('--plain');
const GC_EACH_ROUND = process.argv.includes('--gc-each-round');
const BEFORE = process.argv.find((a) => a.startsWith('--before='))?.slice(9);
const TARGETS = Number(process.env.BENCH_TARGETS ?? 100);
const CALLGRIND_TARGETS = 10;
const SERIES_PER_TARGET = 1000;
const WARMUP = 3;
const ROUNDS = QUICK ? 5 : 15;
const INTERVAL_MS = 3000;
/** What a socket read hands the parser at a time. */
const CHUNK = 65536;

const START_S = 1_700_000_000;
const render = (target, t) => renderExposition(target, t, START_S);

/** The body as a socket delivers it: flat strings of up to CHUNK characters. */
function chunks(body) {
  const out = [];
  for (let i = 0; i < body.length; i += CHUNK) out.push(Buffer.from(body.slice(i, i + CHUNK)).toString());
  return out;
}

const rules = (target) => ({
  targetLabels: [
    ['instance', `127.0.0.1:${9000 + target}`],
    ['job', 'bench'],
  ],
  honorLabels: false,
  honorTimestamps: true,
  sampleLimit: 0,
  metricRelabelConfigs: [],
  externalLabels: [],
  where: 'scrape config "bench"',
});
const targetRules = Array.from({ length: TARGETS }, (_, i) => rules(i));

/** The scrape code of one build, with a DB and target states of its own. */
async function contender(label, packagesUrl) {
  const load = (path) => import(new URL(path, packagesUrl).href);
  const { createExpositionParser } = await load('core/dist/esm/index.js');
  const { ScrapeBatch, TargetSeriesState } = await load('server/dist/esm/scrape/scrape-batch.js');
  const { DB } = await load('storage/dist/esm/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-scrape-bench-'));
  const db = DB.open(join(dir, 'data'), {
    compactionIntervalMs: 0,
    retentionMs: 0,
    fsync: 'commit',
    logger: { warn: () => {}, info: () => {} },
  });
  const states = Array.from({ length: TARGETS }, () => new TargetSeriesState());
  return {
    label,
    parse: [],
    total: [],
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
    /** One scrape of every target: [samples, CPU µs of parse + batch, CPU µs with commits]. */
    async round(t, bodies, counted = false) {
      let samples = 0;
      let parseUs = 0;
      const all = process.cpuUsage();
      for (let target = 0; target < TARGETS; target++) {
        const app = db.appender();
        const before = process.cpuUsage();
        const batch = new ScrapeBatch(app, targetRules[target], states[target], t);
        const scrape = () => {
          const parser = createExpositionParser({
            format: 'prometheus',
            onSample: batch.onSample,
            onFamily: batch.onFamily,
            ...(PLAIN ? {} : { seriesText: true }),
          });
          for (const chunk of bodies[target]) parser.write(chunk);
          parser.end();
          batch.finish();
          return false;
        };
        // Under callgrind only what runs inside findLastIndex is counted (see countInstructions).
        if (counted) [0].findLastIndex(scrape);
        else scrape();
        const used = process.cpuUsage(before);
        parseUs += used.user + used.system;
        samples += batch.scraped;
        await app.commit();
      }
      const used = process.cpuUsage(all);
      return [samples, parseUs, used.user + used.system];
    },
  };
}

const COUNT = process.argv.find((a) => a.startsWith('--count='))?.slice(8);
if (COUNT !== undefined) {
  // Child under callgrind: warm up, then one counted round.
  const c = await contender(COUNT, pathToFileURL(`${COUNT}/packages/`));
  const bodiesAt = (r) =>
    Array.from({ length: TARGETS }, (_, target) => chunks(render(target, 3600 + (r * INTERVAL_MS) / 1000)));
  for (let r = 0; r <= WARMUP; r++)
    await c.round(START_S * 1000 + r * INTERVAL_MS, bodiesAt(r), r === WARMUP);
  await c.close();
  process.exit(0);
}

/**
 * Instructions per sample of parse + ScrapeBatch in one steady-state round (after WARMUP), counted
 * by callgrind under node --predictable: unlike CPU time, the count does not move with the load.
 */
function countInstructions(root) {
  const run = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--collect-atstart=no',
      '--toggle-collect=Builtins_ArrayPrototypeFindLastIndex',
      '--callgrind-out-file=/dev/null',
      process.execPath,
      '--predictable',
      fileURLToPath(import.meta.url),
      `--count=${root}`,
      ...(PLAIN ? ['--plain'] : []),
    ],
    { encoding: 'utf8', env: { ...process.env, BENCH_TARGETS: String(CALLGRIND_TARGETS) } },
  );
  const found = run.stderr.match(/Collected : (\d+)/);
  if (run.status !== 0 || !found) throw new Error(`callgrind failed (${run.status}):\n${run.stderr}`);
  return Number(found[1]) / (CALLGRIND_TARGETS * SERIES_PER_TARGET);
}

if (process.argv.includes('--callgrind')) {
  const roots = [...(BEFORE === undefined ? [] : [BEFORE]), fileURLToPath(new URL('..', import.meta.url))];
  console.log(`instructions per sample, parse + ScrapeBatch, ${CALLGRIND_TARGETS} targets (callgrind):`);
  for (const root of roots) console.log(`  ${root}: ${countInstructions(root).toFixed(0)}`);
  process.exit(0);
}

const contenders = [await contender('this checkout', new URL('../packages/', import.meta.url))];
if (BEFORE !== undefined) contenders.unshift(await contender(BEFORE, pathToFileURL(`${BEFORE}/packages/`)));
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const range = (xs) => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`;
try {
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    const t = START_S * 1000 + r * INTERVAL_MS;
    const bodies = [];
    for (let target = 0; target < TARGETS; target++)
      bodies.push(chunks(render(target, 3600 + (r * INTERVAL_MS) / 1000)));
    // Alternate which build goes first, so that neither always runs after the other's garbage.
    const order = r % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) {
      // Off by default: a forced full GC before every round deoptimises ~40 of the hot functions
      // (V8 drops optimised code holding weak objects), which about doubled the commit's figure.
      if (GC_EACH_ROUND) globalThis.gc?.();
      const [samples, parseUs, allUs] = await c.round(t, bodies);
      if (r < WARMUP) continue;
      c.parse.push(parseUs / samples);
      c.total.push(allUs / samples);
    }
  }
  console.log(
    `scrape loop (${PLAIN ? 'labels objects' : 'seriesText'}), ${TARGETS} targets × 1,000 series, ${ROUNDS} rounds (median, range), µs CPU per sample:`,
  );
  for (const c of contenders)
    console.log(
      `  ${c.label}: parse + ScrapeBatch ${median(c.parse).toFixed(3)} (${range(c.parse)}), with commit ${median(c.total).toFixed(3)} (${range(c.total)})`,
    );
  if (contenders.length === 2) {
    const [a, b] = contenders;
    const ratios = a.parse.map((x, i) => b.parse[i] / x);
    const totalRatios = a.total.map((x, i) => b.total[i] / x);
    console.log(
      `  this ÷ before, per round (median): parse + ScrapeBatch ${median(ratios).toFixed(3)}, with commit ${median(totalRatios).toFixed(3)}`,
    );
  }
} finally {
  for (const c of contenders) await c.close();
}
