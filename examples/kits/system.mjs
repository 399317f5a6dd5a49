// @telemeter/kits/system: host CPU, memory, load, disk, network and filesystem metrics, named as
// node_exporter names them, next to the application's own metrics.
//
//   npm run build && node examples/kits/system.mjs
//
// Scrapes twice, one second apart, with some CPU work and loopback traffic in between, then prints
// a few derived numbers (what a dashboard would show) and part of the Prometheus exposition, and
// exits. Only 127.0.0.1 is used.
import { createServer, request } from 'node:http';
import { Registry } from '../../packages/core/dist/esm/index.js';
import { collectSystemMetrics } from '../../packages/kits/dist/esm/system/index.js';

const registry = new Registry({ defaultLabels: { service: 'example' } });
const system = collectSystemMetrics({
  registry,
  // lo is left out by default (it only carries local traffic); this example's traffic is all on lo.
  interfaces: { exclude: [/^veth/, /^docker\d+$/] },
});
console.log('collected groups and their source:', system.sources);

/** name{labels} → value, for the few numbers printed below. */
async function scrape() {
  const values = new Map();
  for (const family of await registry.collect()) {
    for (const point of family.points) {
      const labels = family.labelNames.map((name, i) => `${name}="${point.labelValues[i]}"`).join(',');
      values.set(`${family.name}{${labels}}`, point.value);
    }
  }
  return values;
}
const pick = (values, name, match = '') =>
  [...values].filter(([key]) => key.startsWith(`${name}{`) && key.includes(match)).map(([, v]) => v);
const sum = (list) => list.reduce((a, b) => a + b, 0);

const before = await scrape();
const t0 = performance.now();

// Some work to see: a CPU-bound loop, and 5 MB over HTTP on 127.0.0.1.
const end = performance.now() + 300;
while (performance.now() < end) Math.sqrt(Math.random());
const server = createServer((_req, res) => res.end(Buffer.alloc(5 * 1024 * 1024)));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
await new Promise((resolve) => {
  request({ host: '127.0.0.1', port: server.address().port }, (res) => res.resume().on('end', resolve)).end();
});
server.close();
await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (performance.now() - t0))));

const after = await scrape();
const seconds = (performance.now() - t0) / 1000;
const rate = (name, match) => (sum(pick(after, name, match)) - sum(pick(before, name, match))) / seconds;
const idle = pick(after, 'system_cpu_utilization_ratio', 'cpu_mode="idle"')[0] ?? Number.NaN;
const gib = (bytes) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

console.log(`\nover the last ${seconds.toFixed(1)} s:`);
console.log(
  `  CPU busy           ${((1 - idle) * 100).toFixed(1)} % of all CPUs (1 - system_cpu_utilization_ratio{cpu_mode="idle"})`,
);
console.log(
  `  memory used        ${(pick(after, 'system_memory_utilization_ratio')[0] * 100).toFixed(1)} % of ${gib(pick(after, 'node_memory_MemTotal_bytes')[0])}`,
);
console.log(`  load (1m)          ${pick(after, 'node_load1')[0] ?? 'n/a'}`);
if (system.sources.network) {
  console.log(
    `  lo received        ${(rate('node_network_receive_bytes_total', 'device="lo"') / 2 ** 20).toFixed(1)} MiB/s`,
  );
}
if (system.sources.filesystem) {
  const size = pick(after, 'node_filesystem_size_bytes', 'mountpoint="/"')[0];
  const avail = pick(after, 'node_filesystem_avail_bytes', 'mountpoint="/"')[0];
  if (size !== undefined) console.log(`  / available        ${gib(avail)} of ${gib(size)}`);
}

const text = await registry.metrics();
const shown = [
  'node_cpu_seconds_total',
  'system_cpu_utilization_ratio',
  'node_load1',
  'node_memory_MemAvailable_bytes',
  'node_network_receive_bytes_total',
  'node_filesystem_avail_bytes',
];
console.log('\nexposition (excerpt):');
for (const line of text.split('\n')) {
  const name = line.startsWith('# TYPE ') ? line.split(' ')[2] : line.split(/[{ ]/)[0];
  if (shown.includes(name)) console.log(line);
}
console.log(`\n${text.split('\n').filter((l) => l && !l.startsWith('#')).length} series in total`);
system.stop();
