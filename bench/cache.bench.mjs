// Cache kit: ns per get() (and set()) of an instrumented cache against the bare one, for a Map
// (instrumentCache, as a Proxy and in place) and an lru-cache (lruCacheMetrics, with its dispose
// hook). The overhead is the difference of the medians. Run: npm run bench -- cache (or node bench/cache.bench.mjs after
// npm run build). BENCH_QUICK=1 for a short run.
import { cpus } from 'node:os';
import { LRUCache } from 'lru-cache';
import { Registry } from '../packages/core/dist/esm/index.js';
import { instrumentCache, lruCacheMetrics } from '../packages/kits/dist/esm/cache/index.js';

const QUICK = process.env.BENCH_QUICK === '1';
const OPS = QUICK ? 1_000_000 : 5_000_000;
const ROUNDS = QUICK ? 5 : 11;
const KEYS = 1000;
// 1024 lookups over 1100 key names: about 90 % hits.
const LOOKUPS = Array.from({ length: 1024 }, (_, i) => `key:${(i * 7919) % 1100}`);

function timeLoop(loop) {
  const start = process.hrtime.bigint();
  const sink = loop(OPS);
  const ns = Number(process.hrtime.bigint() - start) / OPS;
  if (sink === 0.5) console.log('unreachable'); // keep the loop's result alive
  return ns;
}

/** Median ns/op; rounds of the contenders are interleaved so that machine noise hits both alike. */
function compare(loops) {
  for (const loop of loops) for (let w = 0; w < 3; w++) loop(OPS / 10);
  const samples = loops.map(() => []);
  for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < loops.length; i++) samples[i].push(timeLoop(loops[i]));
  return samples.map((s) => s.sort((a, b) => a - b)[s.length >> 1]);
}

const getLoop = (cache) => (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = cache.get(LOOKUPS[i & 1023]);
    if (v !== undefined) s += v;
  }
  return s;
};
const setLoop = (cache) => (n) => {
  for (let i = 0; i < n; i++) cache.set(LOOKUPS[i & 1023], i);
  return cache.size;
};
const fill = (cache) => {
  for (let i = 0; i < KEYS; i++) cache.set(`key:${i}`, i);
  return cache;
};

const registry = new Registry();
const bareMap = fill(new Map());
const wrappedMap = fill(instrumentCache(new Map(), { name: 'map', registry }));
const patchedMap = fill(instrumentCache(new Map(), { name: 'map-in-place', registry, inPlace: true }));
const bareLru = fill(new LRUCache({ max: 2 * KEYS }));
const lru = lruCacheMetrics({ name: 'lru', registry });
const wrappedLru = fill(lru.instrument(new LRUCache(lru.options({ max: 2 * KEYS }))));

const rows = [];
const pair = (title, [bare, wrapped]) => {
  rows.push({ title, bare, wrapped, overhead: wrapped - bare });
};
const [mapGet, proxyGet, inPlaceGet] = compare([getLoop(bareMap), getLoop(wrappedMap), getLoop(patchedMap)]);
pair('Map get()', [mapGet, proxyGet]);
pair('Map get() inPlace', [mapGet, inPlaceGet]);
const [mapSet, proxySet, inPlaceSet] = compare([setLoop(bareMap), setLoop(wrappedMap), setLoop(patchedMap)]);
pair('Map set()', [mapSet, proxySet]);
pair('Map set() inPlace', [mapSet, inPlaceSet]);
pair('lru-cache get()', compare([getLoop(bareLru), getLoop(wrappedLru)]));
pair('lru-cache set()', compare([setLoop(bareLru), setLoop(wrappedLru)]));

const hits = (await registry.collect()).find((f) => f.name === 'cache_requests_total');
const counted = hits.points.reduce((sum, p) => sum + p.value, 0);

console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}; ${OPS.toLocaleString()} ops × ${ROUNDS} rounds, median`,
);
console.log(
  `${'operation'.padEnd(18)} ${'bare ns'.padStart(9)} ${'wrapped ns'.padStart(11)} ${'overhead ns'.padStart(12)}`,
);
for (const r of rows) {
  console.log(
    `${r.title.padEnd(18)} ${r.bare.toFixed(1).padStart(9)} ${r.wrapped.toFixed(1).padStart(11)} ${r.overhead.toFixed(1).padStart(12)}`,
  );
}
console.log(`(${counted.toLocaleString()} lookups counted)`);
