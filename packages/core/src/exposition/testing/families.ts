/**
 * Hand-built snapshot families for the exposition tests (not shipped: `dist/**\/testing/**` is
 * excluded from the package).
 */
import type {
  CounterFamily,
  GaugeFamily,
  HistogramFamily,
  MetricFamily,
  SummaryFamily,
  UnknownFamily,
} from '../../types.js';

/** Label values real services meet: paths, quotes, backslashes, newlines, unicode, empty strings. */
export const HOSTILE_VALUES: readonly string[] = [
  'C:\\Program Files\\app',
  'say "hi"',
  'line1\nline2',
  'ünïcødé ✓ 日本 🚀',
  '',
  '\\"\n\\n',
  '{}=,# ',
];

export function counterFamily(overrides: Partial<CounterFamily> = {}): CounterFamily {
  return {
    type: 'counter',
    name: 'http_requests_total',
    help: 'HTTP requests served.',
    unit: '',
    labelNames: ['method', 'status'],
    points: [
      { labelValues: ['GET', '200'], value: 1027, created: 1_700_000_000_123 },
      { labelValues: ['POST', '500'], value: 3.5, created: 1_700_000_000_000 },
    ],
    ...overrides,
  };
}

export function gaugeFamily(overrides: Partial<GaugeFamily> = {}): GaugeFamily {
  return {
    type: 'gauge',
    name: 'queue_depth',
    help: 'Items waiting.',
    unit: '',
    labelNames: [],
    points: [{ labelValues: [], value: -4.25 }],
    ...overrides,
  };
}

export function unknownFamily(overrides: Partial<UnknownFamily> = {}): UnknownFamily {
  return {
    type: 'unknown',
    name: 'legacy_value',
    help: 'Something untyped.',
    unit: '',
    labelNames: ['kind'],
    points: [{ labelValues: ['a'], value: 42 }],
    ...overrides,
  };
}

export function histogramFamily(overrides: Partial<HistogramFamily> = {}): HistogramFamily {
  return {
    type: 'histogram',
    name: 'request_duration_seconds',
    help: 'Request latency.',
    unit: 'seconds',
    labelNames: ['route'],
    buckets: [0.005, 0.1, 1, 2.5],
    points: [
      {
        labelValues: ['/api'],
        cumulativeCounts: [2, 6, 9, 10, 11],
        sum: 7.25,
        count: 11,
        created: 1_700_000_000_500,
      },
    ],
    ...overrides,
  };
}

export function summaryFamily(overrides: Partial<SummaryFamily> = {}): SummaryFamily {
  return {
    type: 'summary',
    name: 'payload_size_bytes',
    help: 'Payload sizes.',
    unit: 'bytes',
    labelNames: [],
    quantiles: [0.5, 0.9, 0.95, 0.99],
    points: [
      {
        labelValues: [],
        quantileValues: [512, 1024, 2048, 4096],
        sum: 123456,
        count: 100,
        min: 10,
        max: 5000,
        windowCount: 40,
        created: 1_700_000_001_000,
      },
    ],
    ...overrides,
  };
}

/** One family of every type, each series carrying hostile label values, plus NaN/Inf samples. */
export function hostileFamilies(): MetricFamily[] {
  const values = HOSTILE_VALUES;
  return [
    counterFamily({
      help: 'Requests with "hostile" \\ labels\nand a multi-line help.',
      labelNames: ['path', 'note'],
      points: values.map((v, i) => ({
        labelValues: [v, values[(i + 1) % values.length]!],
        value: i + 1,
        created: 1_700_000_000_000 + i,
        exemplar: { labels: { trace_id: `t"${i}\n` }, value: i + 0.5, timestamp: 1_700_000_000_250 },
      })),
    }),
    gaugeFamily({
      name: 'special_values',
      labelNames: ['kind'],
      points: [
        { labelValues: ['nan'], value: Number.NaN },
        { labelValues: ['inf'], value: Number.POSITIVE_INFINITY },
        { labelValues: ['minus_inf'], value: Number.NEGATIVE_INFINITY },
        { labelValues: ['tiny'], value: 1e-7 },
        { labelValues: ['huge'], value: 1.5e300 },
      ],
    }),
    histogramFamily({
      labelNames: ['path'],
      points: values.map((v, i) => ({
        labelValues: [v],
        cumulativeCounts: [0, i, i, i + 1, i + 1],
        sum: i * 0.3,
        count: i + 1,
        exemplars: [undefined, { labels: { trace_id: 'x' }, value: 0.05 }],
      })),
    }),
    summaryFamily({
      labelNames: ['path'],
      points: values.map((v, i) => ({
        labelValues: [v],
        quantileValues: i === 0 ? [Number.NaN, Number.NaN, Number.NaN, Number.NaN] : [i, i * 2, i * 3, i * 4],
        sum: i * 10,
        count: i,
        min: i === 0 ? Number.NaN : 1,
        max: i === 0 ? Number.NaN : i * 5,
        windowCount: i,
      })),
    }),
    unknownFamily({ labelNames: ['path'], points: values.map((v, i) => ({ labelValues: [v], value: i })) }),
    counterFamily({
      name: 'never_incremented_total',
      help: 'No label set yet.',
      labelNames: ['reason'],
      points: [],
    }),
  ];
}
