import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatBytes, formatNumber, formatRate, formatSeconds, formatValue, unitOf } from './units.js';

describe('units from metric names', () => {
  it('reads the base unit from the name, past the sample suffixes', () => {
    assert.equal(unitOf('http_server_request_duration_seconds'), 'seconds');
    assert.equal(unitOf('http_server_request_duration_seconds_bucket'), 'seconds');
    assert.equal(unitOf('process_cpu_seconds_total'), 'seconds');
    assert.equal(unitOf('node_network_receive_bytes_total'), 'bytes');
    assert.equal(unitOf('cache_hit_ratio'), 'ratio');
    assert.equal(unitOf('process_start_time_seconds'), 'timestamp');
    assert.equal(unitOf('last_success_timestamp_seconds'), 'timestamp');
    assert.equal(unitOf('http_requests_total'), 'none');
    assert.equal(unitOf('latency', 'seconds'), 'seconds', 'OpenMetrics UNIT');
  });

  it('formats seconds in the unit that reads best', () => {
    assert.equal(formatSeconds(0), '0 s');
    assert.equal(formatSeconds(0.0000042), '4.2 µs');
    assert.equal(formatSeconds(0.0042), '4.2 ms');
    assert.equal(formatSeconds(0.25), '250 ms');
    assert.equal(formatSeconds(1.5), '1.5 s');
    assert.equal(formatSeconds(5400), '1h 30m');
    assert.equal(formatSeconds(90_061), '1d 1h');
    assert.equal(formatSeconds(3e-9), '3 ns');
    assert.equal(formatSeconds(Number.NaN), 'NaN');
  });

  it('formats bytes in binary multiples', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(78.3 * 1024 * 1024), '78.3 MiB');
    assert.equal(formatBytes(5 * 1024 ** 3), '5 GiB');
  });

  it('formats plain numbers: integers exact with separators, fractions to 3 significant digits', () => {
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(1234567), '1,234,567');
    assert.equal(formatNumber(-42), '-42');
    assert.equal(formatNumber(41.25), '41.3');
    assert.equal(formatNumber(0.000123), '0.000123');
    assert.equal(formatNumber(0.0000001234), '1.23e-7');
    assert.equal(formatNumber(12345.678), '12,346');
    assert.equal(formatNumber(Number.POSITIVE_INFINITY), '+Inf');
    assert.equal(formatNumber(Number.NEGATIVE_INFINITY), '-Inf');
  });

  it('formats ratios as percent, timestamps as dates, rates per second', () => {
    assert.equal(formatValue(0.834, 'ratio'), '83.4%');
    assert.equal(formatValue(1_700_000_000, 'timestamp'), '2023-11-14T22:13:20Z');
    assert.equal(formatRate(41.25, 'none'), '41.3/s');
    assert.equal(formatRate(0.012, 'seconds'), '12 ms/s');
    assert.equal(formatRate(1536, 'bytes'), '1.5 KiB/s');
  });

  it('never throws and never prints "e+" for any finite number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e14, max: 1e14 }), (value) => {
        for (const unit of ['seconds', 'bytes', 'ratio', 'none'] as const) {
          const text = formatValue(value, unit);
          assert.ok(text.length > 0);
          assert.doesNotMatch(text, /e\+/);
        }
      }),
    );
  });
});
