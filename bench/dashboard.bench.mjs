// The dashboard in a real browser (headless Chromium via playwright-core), against a real
// `telemeter serve`:
//   1. first-load size: the JS and CSS index.html loads, gzipped as the server sends it, and the
//      bytes the browser actually received opening a dashboard (target: JS ≤ 150 KB gzipped);
//   2. 30 charts × 5 series updating at 1 Hz (a user dashboard, `live.interval: 1s`, data pushed
//      every second over a back-filled 15-minute window): the page's main-thread busy share from
//      Chrome's TaskDuration counter and long tasks, over the first minute and the next one
//      (target ≤ 15 %), and the JS heap after GC at the end of each minute (target: no growth
//      after the first minute).
//
// Run: npm run build, then node bench/dashboard.bench.mjs (or npm run bench -- dashboard).
// BENCH_QUICK=1: 5 s of warm-up and 10 s measured instead of a minute each;
// BENCH_DASHBOARD_MINUTES=N: measure N minutes after the first one instead of one.
import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { bundleSizes, STATIC_DIR } from './dashboard/bundle.mjs';
import { busyBetween, longTasksSince, metricsSession, observeLongTasks } from './dashboard/page-metrics.mjs';
import { startBenchServer } from './dashboard/serve.mjs';
import { DASHBOARD_ID, PANELS, SERIES, startFeed } from './dashboard/workload.mjs';

const CHROMIUM = '/usr/bin/chromium';
const JS_BUDGET_GZIP = 150 * 1024;
const BUSY_BUDGET = 0.15;
const quick = process.env.BENCH_QUICK === '1';
const FIRST_MS = quick ? 5_000 : 60_000;
const SECOND_MS = quick ? 10_000 : Number(process.env.BENCH_DASHBOARD_MINUTES ?? 1) * 60_000;
/** All 30 charts on screen at once, the worst case for painting. */
const VIEWPORT = { width: 1440, height: 1800 };

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

if (!existsSync(`${STATIC_DIR}index.html`)) {
  console.log(`${STATIC_DIR}index.html is missing: run npm run build first`);
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.log(`skipped: ${CHROMIUM} is missing`);
  process.exit(0);
}

console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; ` +
    `${quick ? 'BENCH_QUICK' : 'full run'}; load average ${load()}`,
);

// 1. Sizes on disk, gzipped as served.
const sizes = bundleSizes();
const sum = (files, key) => files.reduce((total, f) => total + f[key], 0);
const entryJs = sizes.entry.filter((f) => f.file.endsWith('.js'));
console.log('\n### 1. First-load size\n');
console.log('| file | bytes | gzip | loaded |');
console.log('| --- | ---: | ---: | --- |');
for (const f of sizes.entry) console.log(`| ${f.file} | ${kb(f.bytes)} | ${kb(f.gzip)} | first load |`);
for (const f of sizes.lazy) console.log(`| ${f.file} | ${kb(f.bytes)} | ${kb(f.gzip)} | on demand |`);
const jsGzip = sum(entryJs, 'gzip');
console.log(
  `\nFirst-load JS: **${kb(jsGzip)} gzipped** (${kb(sum(entryJs, 'bytes'))} raw); target ≤ ${kb(JS_BUDGET_GZIP)}: ` +
    `${jsGzip <= JS_BUDGET_GZIP ? 'met' : 'MISSED'}. With CSS: ${kb(sum(sizes.entry, 'gzip'))}.`,
);

// 2. The live dashboard.
const server = await startBenchServer();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
let feed;
try {
  feed = await startFeed(server.url);
  const page = await browser.newPage({ viewport: VIEWPORT });
  await observeLongTasks(page);
  const transferred = { script: 0, other: 0 };
  const cdp = await page.context().newCDPSession(page);
  const types = new Map();
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    transferred[types.get(e.requestId) === 'Script' ? 'script' : 'other'] += e.encodedDataLength;
  });
  await cdp.send('Network.enable');
  let updates = 0;
  page.on('websocket', (ws) => ws.on('framereceived', () => updates++));

  const opened = performance.now();
  await page.goto(`${server.url}/#/d/${DASHBOARD_ID}`);
  await page.waitForFunction((n) => document.querySelectorAll('.ts-chart canvas').length >= n, PANELS, {
    timeout: 30_000,
    polling: 100,
  });
  const drawnMs = performance.now() - opened;
  await cdp.send('Network.disable');
  console.log(
    `\nOpening #/d/${DASHBOARD_ID} transferred ${kb(transferred.script)} of JS and ${kb(transferred.other)} of other ` +
      `resources (HTML, CSS, API; the WebSocket not counted); ${PANELS} charts drawn ${(drawnMs / 1000).toFixed(1)} s after navigation.`,
  );

  const metrics = await metricsSession(page);
  const cpu = await metricsSession(page, 'threadTicks');
  const start = await metrics.read();
  const cpuStart = await cpu.read();
  const startAt = performance.now();
  const startPageMs = await page.evaluate(() => performance.now());
  const startUpdates = updates;
  await sleep(FIRST_MS);
  const first = await metrics.read();
  const cpuFirst = await cpu.read();
  const firstAt = performance.now();
  const firstUpdates = updates;
  const firstPageMs = await page.evaluate(() => performance.now());
  const heapFirst = await metrics.heapAfterGc();
  // The forced GC is a long task of its own; the second window starts after it.
  const secondPageMs = await page.evaluate(() => performance.now());
  const secondStart = await metrics.read();
  const cpuSecondStart = await cpu.read();
  const secondAt = performance.now();
  await sleep(SECOND_MS);
  const second = await metrics.read();
  const cpuSecond = await cpu.read();
  const secondEnd = performance.now();
  const secondEndPageMs = await page.evaluate(() => performance.now());
  const heapSecond = await metrics.heapAfterGc();
  const longFirst = (await longTasksSince(page, startPageMs)).filter((t) => t.start < firstPageMs);
  const longSecond = (await longTasksSince(page, secondPageMs)).filter((t) => t.start < secondEndPageMs);

  const a = busyBetween(start, first, firstAt - startAt);
  const b = busyBetween(secondStart, second, secondEnd - secondAt);
  const aCpu = busyBetween(cpuStart, cpuFirst, firstAt - startAt).busy;
  const bCpu = busyBetween(cpuSecondStart, cpuSecond, secondEnd - secondAt).busy;
  const rate = (n, ms) => (n / (ms / 1000)).toFixed(1);
  const label = (ms) => (ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);
  console.log(
    `\n### 2. ${PANELS} charts × ${SERIES} series at 1 Hz (viewport ${VIEWPORT.width}×${VIEWPORT.height}, load average ${load()})\n`,
  );
  console.log(
    '| window | main thread busy (wall) | its CPU time | of which script | style + layout | long tasks (> 50 ms) | WebSocket messages/s | JS heap after GC | DOM nodes |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const longText = (tasks) =>
    tasks.length === 0
      ? '0'
      : `${tasks.length} (longest ${Math.max(...tasks.map((t) => t.duration)).toFixed(0)} ms)`;
  console.log(
    `| first ${label(FIRST_MS)} | ${pct(a.busy)} | ${pct(aCpu)} | ${pct(a.script)} | ${pct(a.layout)} | ${longText(longFirst)} | ` +
      `${rate(firstUpdates - startUpdates, firstAt - startAt)} | ${mb(heapFirst.heap)} | ${heapFirst.nodes} |`,
  );
  console.log(
    `| next ${label(SECOND_MS)} | ${pct(b.busy)} | ${pct(bCpu)} | ${pct(b.script)} | ${pct(b.layout)} | ${longText(longSecond)} | ` +
      `${rate(updates - firstUpdates, secondEnd - firstAt)} | ${mb(heapSecond.heap)} | ${heapSecond.nodes} |`,
  );
  const growth = heapSecond.heap - heapFirst.heap;
  const worstBusy = Math.max(a.busy, b.busy);
  console.log(
    `\nMain thread busy: worst ${pct(worstBusy)}; target ≤ ${pct(BUSY_BUDGET)}: ${worstBusy <= BUSY_BUDGET ? 'met' : 'MISSED'}. ` +
      `Heap after the first ${label(FIRST_MS)}: ${growth >= 0 ? '+' : ''}${kb(growth)} (${pct(growth / heapFirst.heap)}); ` +
      `target no growth: ${growth <= heapFirst.heap * 0.02 ? 'met (within 2 %)' : 'MISSED'}. ` +
      `Feed: ${feed.pushed()} pushes.`,
  );
} finally {
  feed?.stop();
  await browser.close();
  await server.stop();
}
