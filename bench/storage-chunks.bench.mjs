// Chunk encodings of @telemeter/storage on realistic scrape data: bytes per sample, encode and
// decode ns per sample for the head's XOR chunk, the packed chunk and encodeSealed (the smaller of
// the two per chunk), at 120 samples per chunk (Prometheus's head chunks) and at 480 (one 2 h block
// of a 15 s series, the recommended sealed size); and whether a general-purpose compressor over
// ~64 KiB pages of encoded chunks still pays. Data: ../shared/bench-data/gen-dataset.mjs, with
// and without scrape jitter (Prometheus 2.42 stores these at 4.35 and 2.53 B/sample, chunks + index).
// Run: npm run bench -- storage-chunks (or node bench/storage-chunks.bench.mjs after npm run build).
// BENCH_FULL=1 uses the README's full data set (10 targets, ~50 s); the default takes 4 of its
// 10 targets (each target's series are generated independently, so the ratios hardly move).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, deflateRawSync, inflateRawSync, constants as zc } from 'node:zlib';
import { datasetGenerator } from './lib/shared-data.mjs';

const _root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const generator = datasetGenerator();
if (generator === undefined) {
  console.log('storage-chunks: skipped, ../shared/bench-data/gen-dataset.mjs is not here');
  process.exit(0);
}

const { XorChunk } = await import('../packages/storage/dist/esm/chunkenc/xor.js');
const { PackedChunk } = await import('../packages/storage/dist/esm/chunkenc/packed.js');
const { encodeSealed } = await import('../packages/storage/dist/esm/chunkenc/sealed.js');
const { chunkFromBytes } = await import('../packages/storage/dist/esm/chunkenc/encoding.js');

const GROUPS = process.env.BENCH_FULL === '1' ? 10 : 4;
const SIZES = [120, 480];
const PAGE_BYTES = 64 * 1024;

/** CPU nanoseconds of fn() (user + system), so a machine busy with other work skews less. */
function cpuNs(fn) {
  const start = process.cpuUsage();
  fn();
  const { user, system } = process.cpuUsage(start);
  return (user + system) * 1000;
}

/** Streams an OpenMetrics file into per-series arrays (timestamps: seconds with 3 decimals -> ms). */
function loadSeries(file) {
  const series = new Map();
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 22);
  let rest = '';
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    const lines = (rest + buf.toString('latin1', 0, n)).split('\n');
    rest = lines.pop();
    for (const line of lines) {
      if (line.length === 0 || line.charCodeAt(0) === 35) continue;
      const b = line.lastIndexOf(' ');
      const a = line.lastIndexOf(' ', b - 1);
      const key = line.slice(0, a);
      let s = series.get(key);
      if (s === undefined) series.set(key, (s = { ts: [], vs: [] }));
      const v = line.slice(a + 1, b);
      s.ts.push(Math.round(Number(line.slice(b + 1)) * 1000));
      s.vs.push(v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : Number(v));
    }
  }
  closeSync(fd);
  return [...series.values()].map((s) => ({ ts: Float64Array.from(s.ts), vs: Float64Array.from(s.vs) }));
}

function encodeAll(series, size, encode) {
  const chunks = [];
  let bytes = 0;
  let samples = 0;
  const ns = cpuNs(() => {
    for (const s of series) {
      for (let i = 0; i < s.ts.length; i += size) {
        const end = Math.min(s.ts.length, i + size);
        const c = encode(s.ts, s.vs, i, end);
        chunks.push(c);
        bytes += c.bytes().length;
        samples += end - i;
      }
    }
  });
  return { chunks, bytes, samples, encodeNs: ns / samples };
}

/** Best of five full decodes from stored bytes (chunkFromBytes, then every sample); early rounds warm the JIT. */
function decodeNs(chunks, samples) {
  const stored = chunks.map((c) => [c.encoding, c.bytes()]);
  let best = Infinity;
  let check = 0;
  for (let round = 0; round < 5; round++) {
    const ns = cpuNs(() => {
      for (const [enc, bytes] of stored) {
        const it = chunkFromBytes(enc, bytes).iterator();
        while (it.next()) check += it.t;
      }
    });
    best = Math.min(best, ns / samples);
  }
  if (check === 0) throw new Error('nothing decoded');
  return best;
}

const encoders = {
  xor: (ts, vs, start, end) => {
    const c = new XorChunk();
    for (let i = start; i < end; i++) c.append(ts[i], vs[i]);
    return c;
  },
  packed: (ts, vs, start, end) => PackedChunk.encode(ts, vs, start, end),
  sealed: encodeSealed,
};

/** Concatenates encoded chunks (series order, as a block's chunks file has them) into ~64 KiB pages. */
function pageCompression(chunks, samples) {
  let raw = 0;
  let deflated = 0;
  let brotli = 0;
  let pageCpu = 0;
  const pages = [];
  let page = [];
  let pageLen = 0;
  for (const c of chunks) {
    const b = c.bytes();
    page.push(b);
    pageLen += b.length;
    if (pageLen >= PAGE_BYTES) {
      pages.push(Buffer.concat(page));
      page = [];
      pageLen = 0;
    }
  }
  if (page.length > 0) pages.push(Buffer.concat(page));
  let inflateCpu = 0;
  for (const p of pages) {
    raw += p.length;
    let packed;
    pageCpu += cpuNs(() => {
      packed = deflateRawSync(p);
    });
    deflated += Math.min(p.length, packed.length);
    inflateCpu += cpuNs(() => inflateRawSync(packed));
    brotli += Math.min(
      p.length,
      brotliCompressSync(p, {
        params: { [zc.BROTLI_PARAM_QUALITY]: 5, [zc.BROTLI_PARAM_SIZE_HINT]: p.length },
      }).length,
    );
  }
  return {
    raw,
    deflated,
    brotli,
    deflateNs: pageCpu / samples,
    inflateNs: inflateCpu / samples,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'tm-chunks-'));
try {
  for (const jitter of [50, 0]) {
    const file = join(dir, `jitter-${jitter}.om`);
    const args = [
      '--series-groups',
      String(GROUPS),
      '--hours',
      '24',
      '--jitter-ms',
      String(jitter),
      '--out',
      file,
    ];
    const gen = spawnSync(process.execPath, [generator, ...args], { encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`gen-dataset failed: ${gen.stderr}`);
    const series = loadSeries(file);
    rmSync(file);
    const total = series.reduce((n, s) => n + s.ts.length, 0);
    console.log(
      `\n### gen-dataset.mjs ${args.slice(0, -2).join(' ')}: ${series.length} series, ${total} samples\n`,
    );
    console.log('| encoding | samples/chunk | B/sample | encode ns/sample | decode ns/sample |');
    console.log('|---|---:|---:|---:|---:|');
    const kept = {};
    for (const size of SIZES) {
      for (const [name, encode] of Object.entries(encoders)) {
        const r = encodeAll(series, size, encode);
        const dec = decodeNs(r.chunks, r.samples);
        console.log(
          `| ${name} | ${size} | ${(r.bytes / r.samples).toFixed(3)} | ${r.encodeNs.toFixed(0)} | ${dec.toFixed(1)} |`,
        );
        if (size === 480 && name !== 'packed') kept[name] = r;
      }
    }
    console.log(`\nPages of ~64 KiB of encoded chunks (480 samples/chunk), compressed:\n`);
    console.log(
      '| chunks | raw B/sample | deflateRaw B/sample | brotli q5 B/sample | deflate ns/sample | inflate ns/sample |',
    );
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const [name, r] of Object.entries(kept)) {
      const p = pageCompression(r.chunks, r.samples);
      const per = (b) => (b / r.samples).toFixed(3);
      console.log(
        `| ${name} | ${per(p.raw)} | ${per(p.deflated)} | ${per(p.brotli)} | ${p.deflateNs.toFixed(1)} | ${p.inflateNs.toFixed(1)} |`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
