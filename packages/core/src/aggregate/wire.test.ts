import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Counter } from '../counter.js';
import { Gauge } from '../gauge.js';
import { Histogram } from '../histogram.js';
import { Registry } from '../registry.js';
import { Summary } from '../summary.js';
import type { GaugeFamily, MetricFamily } from '../types.js';
import { decodeFamilies, encodeFamilies } from './wire.js';

/** What cluster IPC does to a message with the default 'json' serialization. */
const throughJsonIpc = (text: string): string => JSON.parse(JSON.stringify({ families: text })).families;

describe('wire encoding of families for cluster IPC', () => {
  it('round-trips every metric type, NaN and infinities included', async () => {
    const registry = new Registry();
    new Counter({ name: 'c_total', help: 'h', labelNames: ['path'], registry })
      .labels({ path: 'NaN' })
      .incWithExemplar(2, { trace_id: 'abc' });
    new Gauge({ name: 'g', help: 'h', labelNames: ['k'], registry })
      .labels({ k: 'Infinity' })
      .set(Number.NaN);
    new Gauge({ name: 'g_inf', help: 'h', registry }).set(Number.NEGATIVE_INFINITY);
    const h = new Histogram({ name: 'h_seconds', help: 'h', buckets: [0.1, 1], registry });
    h.observe(0.5);
    h.observe(Number.POSITIVE_INFINITY);
    new Summary({ name: 's_empty', help: 'h', registry });
    const s = new Summary({ name: 's', help: 'h', registry });
    for (const v of [-5, 0, 3, 1e300]) s.observe(v);
    const families = await registry.collect();
    const decoded = decodeFamilies(throughJsonIpc(encodeFamilies(families)));
    // deepEqual treats NaN as equal to NaN, and the shapes (optional fields absent, not undefined) must match.
    assert.deepEqual(decoded, structuredClone(families));
    const gauge = decoded.find((f) => f.name === 'g') as GaugeFamily;
    assert.deepEqual(gauge.points[0]!.labelValues, ['Infinity']);
    assert.ok(Number.isNaN(gauge.points[0]!.value));
  });

  it('property: any gauge values and label values survive', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.string(),
            fc.oneof(
              fc.double(),
              fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
            ),
          ),
        ),
        (series) => {
          const family: MetricFamily = {
            type: 'gauge',
            name: 'g',
            help: 'any "help"\n',
            unit: '',
            labelNames: ['v'],
            points: series.map(([label, value]) => ({ labelValues: [label], value })),
          };
          assert.deepEqual(decodeFamilies(throughJsonIpc(encodeFamilies([family]))), [family]);
        },
      ),
    );
  });

  it('rejects what is not a family list, naming the first bad field', () => {
    const cases: [string, RegExp][] = [
      ['{', /not JSON/],
      ['{}', /families: expected an array/],
      [
        '[{"type":"histogramm","name":"x","help":"","labelNames":[],"points":[]}]',
        /families\[0\]\.type: unknown metric type/,
      ],
      [
        '[{"type":"gauge","name":"x","help":"","labelNames":["a"],"points":[{"labelValues":[],"value":1}]}]',
        /families\[0\]\.points\[0\]\.labelValues: expected 1 values, got 0/,
      ],
      [
        '[{"type":"counter","name":"x","help":"","labelNames":[],"points":[{"labelValues":[],"value":"NaNx"}]}]',
        /families\[0\]\.points\[0\]\.value: expected a number/,
      ],
    ];
    for (const [text, message] of cases) assert.throws(() => decodeFamilies(text), message);
  });
});
