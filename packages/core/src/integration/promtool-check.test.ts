import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { promtoolCheckMetrics, requireBinary } from '@telemeter/testkit';
import { Counter } from '../counter.js';
import { Gauge } from '../gauge.js';
import { Histogram } from '../histogram.js';
import { Registry } from '../registry.js';
import { Summary } from '../summary.js';

const promtool = requireBinary('promtool', 'prometheus');
const skipNote = promtool.skip ? ` (skipped: ${promtool.skip})` : '';

// Label values a real service meets: paths, quotes, backslashes, newlines, unicode, empty strings.
const HOSTILE = [
  'C:\\Program Files\\app',
  'say "hi"',
  'line1\nline2',
  'ünïcødé ✓ 日本',
  '',
  '\\"\n\\n',
  '{}=,',
];

describe('promtool check metrics', () => {
  it(`accepts a registry holding every type with hostile label values${skipNote}`, {
    skip: promtool.skip,
  }, async () => {
    const registry = new Registry({ defaultLabels: { service: 'api "v2"' } });
    const counter = new Counter({
      name: 'hostile_requests_total',
      help: 'Requests with "hostile" \\ labels\nand a multi-line help.',
      labelNames: ['path', 'note'] as const,
      registry,
    });
    const gauge = new Gauge({
      name: 'hostile_temperature_celsius',
      help: 'A gauge.',
      labelNames: ['path'] as const,
      registry,
    });
    const histogram = new Histogram({
      name: 'hostile_duration_seconds',
      help: 'A histogram.',
      labelNames: ['path'] as const,
      buckets: [0.001, 0.01, 0.1, 1, 10],
      registry,
    });
    const summary = new Summary({
      name: 'hostile_size_bytes',
      help: 'A summary.',
      labelNames: ['path'] as const,
      registry,
    });
    const special = new Gauge({
      name: 'hostile_special_values',
      help: 'NaN and infinities.',
      labelNames: ['kind'] as const,
      registry,
    });
    for (const [i, value] of HOSTILE.entries()) {
      counter.labels({ path: value, note: HOSTILE[(i + 1) % HOSTILE.length] ?? '' }).inc(i + 1);
      gauge.labels({ path: value }).set(i - 3.5);
      histogram.labels({ path: value }).observe(i / 10);
      summary.labels({ path: value }).observe(i * 100);
    }
    special.labels({ kind: 'nan' }).set(Number.NaN);
    special.labels({ kind: 'inf' }).set(Number.POSITIVE_INFINITY);
    special.labels({ kind: 'minus_inf' }).set(Number.NEGATIVE_INFINITY);

    const text = await registry.metrics('prometheus');
    const result = await promtoolCheckMetrics(text);
    assert.deepEqual(result.parseErrors, [], text);
    assert.deepEqual(result.lintWarnings, [], text);
    assert.equal(result.exitCode, 0);
    // The checks above would also pass on an empty exposition: make sure the hostile series are really there.
    // Default labels come after the metric's own, as prom-client writes them.
    assert.match(
      text,
      /hostile_requests_total\{path="C:\\\\Program Files\\\\app",note="say \\"hi\\"",service="api \\"v2\\""\} 1/,
    );
    assert.match(text, /hostile_special_values\{kind="nan",service="api \\"v2\\""\} NaN/);
    assert.match(
      text,
      /hostile_duration_seconds_bucket\{path="line1\\nline2",service="api \\"v2\\"",le="\+Inf"\} 1/,
    );
  });
});
