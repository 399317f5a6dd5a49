// The synthetic series that the remote-write benchmarks send: node-exporter-like names and labels,
// counters that grow by uneven steps and gauges that wander, one sample per series per round.

const NAMES = [
  'node_cpu_seconds_total',
  'node_memory_MemAvailable_bytes',
  'node_network_receive_bytes_total',
  'node_network_transmit_bytes_total',
  'node_disk_read_bytes_total',
  'node_disk_written_bytes_total',
  'node_filesystem_avail_bytes',
  'node_load1',
  'node_context_switches_total',
  'node_netstat_Tcp_CurrEstab',
  'http_requests_total',
  'http_request_duration_seconds_bucket',
  'http_request_duration_seconds_sum',
  'process_resident_memory_bytes',
  'process_cpu_seconds_total',
  'go_goroutines',
  'go_memstats_heap_inuse_bytes',
  'nodejs_eventloop_lag_seconds',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
];
const HOSTS_PER_SHARD = 100;

/**
 * Labels of series i, sorted by name as Prometheus sends them: 20 metric names × 100 hosts per
 * `shard`, so every i has its own label set (the shard label grows with i).
 */
export function seriesLabels(i) {
  const host = Math.floor(i / NAMES.length);
  return [
    ['__name__', NAMES[i % NAMES.length]],
    ['instance', `node-${String(host).padStart(5, '0')}.example:9100`],
    ['job', 'node'],
    ['shard', String(Math.floor(host / HOSTS_PER_SHARD))],
  ];
}

/** A small deterministic PRNG (mulberry32), so every run sends the same values. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Values of series [from, to) round after round: names ending in _total/_bucket/_sum count up by
 * uneven steps (integers for counts, 3 decimals for seconds), the others are gauges that drift
 * around a level (whole bytes, or 3 decimals).
 */
export class SeriesValues {
  constructor(from, to, seed = 1) {
    const n = to - from;
    this.values = new Float64Array(n);
    this.steps = new Float64Array(n);
    this.kind = new Uint8Array(n); // 0 integer counter, 1 float counter, 2 byte gauge, 3 float gauge
    const random = prng(seed + from);
    for (let j = 0; j < n; j++) {
      const name = NAMES[(from + j) % NAMES.length];
      const counter = /_(total|bucket|sum)$/.test(name);
      const floaty = /seconds|load|lag/.test(name);
      this.kind[j] = counter ? (floaty ? 1 : 0) : floaty ? 3 : 2;
      this.values[j] = counter
        ? Math.floor(random() * 1e6)
        : floaty
          ? 1 + random()
          : 2 ** 20 * (1 + Math.floor(random() * 500));
      this.steps[j] = counter ? 1 + random() * 200 : this.values[j] * 0.01;
    }
    this.random = random;
  }

  /** Advances every series by one round; returns the values (the same array each time). */
  next() {
    const { values, steps, kind, random } = this;
    for (let j = 0; j < values.length; j++) {
      const r = random();
      switch (kind[j]) {
        case 0:
          values[j] += Math.round(steps[j] * r * 2);
          break;
        case 1:
          values[j] = Math.round((values[j] + steps[j] * r * 0.01) * 1000) / 1000;
          break;
        case 2:
          values[j] = Math.max(4096, Math.round((values[j] + (r - 0.5) * steps[j]) / 4096) * 4096);
          break;
        default:
          values[j] = Math.max(0.001, Math.round((values[j] + (r - 0.5) * steps[j]) * 1000) / 1000);
      }
    }
    return values;
  }
}
