import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatHuman, formatRate, unitKind } from './format-units.js';

describe('unitKind', () => {
  it('uses the unit, else the name suffix (also before _total)', () => {
    assert.equal(unitKind('x', 'seconds'), 'seconds');
    assert.equal(unitKind('http_request_duration_seconds', ''), 'seconds');
    assert.equal(unitKind('process_cpu_seconds_total', ''), 'seconds');
    assert.equal(unitKind('heap_used_bytes', ''), 'bytes');
    assert.equal(unitKind('net_sent_bytes_total', ''), 'bytes');
    assert.equal(unitKind('cache_hit_ratio', ''), 'ratio');
    assert.equal(unitKind('process_start_time_seconds', ''), 'timestamp');
    assert.equal(unitKind('http_requests_total', ''), 'count');
    assert.equal(unitKind('temperature_celsius', 'celsius'), 'count');
  });
});

describe('formatHuman', () => {
  const cases: [number, Parameters<typeof formatHuman>[1], string][] = [
    [0, 'seconds', '0s'],
    [0.0000004, 'seconds', '400ns'],
    [0.0000123, 'seconds', '12.3µs'],
    [0.0123456, 'seconds', '12.3ms'],
    [0.9996, 'seconds', '1s'],
    [2.5, 'seconds', '2.5s'],
    [90, 'seconds', '1.5m'],
    [7200, 'seconds', '2h'],
    [259200, 'seconds', '3d'],
    [-0.25, 'seconds', '-250ms'],
    [512, 'bytes', '512B'],
    [1536, 'bytes', '1.5KiB'],
    [48_000_000, 'bytes', '45.8MiB'],
    [3 * 1024 ** 3, 'bytes', '3GiB'],
    [0.953, 'ratio', '95.3%'],
    [7, 'count', '7'],
    [3.14259, 'count', '3.14'],
    [999.6, 'count', '1k'],
    [1234, 'count', '1.23k'],
    [45_600_000, 'count', '45.6M'],
    [2e9, 'count', '2G'],
    [0.00123, 'count', '0.00123'],
    [1_700_000_000, 'timestamp', '2023-11-14T22:13:20Z'],
    [12, 'timestamp', '12s'],
    [Number.NaN, 'count', 'NaN'],
    [Number.POSITIVE_INFINITY, 'seconds', '+Inf'],
    [Number.NEGATIVE_INFINITY, 'bytes', '-Inf'],
  ];
  for (const [value, kind, expected] of cases) {
    it(`formats ${value} ${kind} as ${expected}`, () => assert.equal(formatHuman(value, kind), expected));
  }
});

describe('formatRate', () => {
  it('appends /s in the value unit', () => {
    assert.equal(formatRate(12.34, 'count'), '12.3/s');
    assert.equal(formatRate(0.25, 'seconds'), '250ms/s');
    assert.equal(formatRate(2 * 1024 * 1024, 'bytes'), '2MiB/s');
  });
});
