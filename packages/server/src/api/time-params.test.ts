import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration } from '@telemeter/promql';
import fc from 'fast-check';
import { ApiError } from './errors.js';
import { formatApiTimestamp } from './go-number.js';
import {
  durationParam,
  formatRfc3339Nano,
  MAX_TIME_MS,
  MAX_TIME_TEXT,
  MIN_TIME_MS,
  MIN_TIME_TEXT,
  parseDuration,
  parseTime,
  requiredTimeParam,
  timeParam,
} from './time-params.js';

/** Year 0000 to 9999: what RFC 3339 (and Go's parser) can spell. */
const YEAR_0 = -62167219200000;
const YEAR_10000 = 253402300800000;
const DAY = 86_400_000;

function throwsBadData(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof ApiError, `threw ${String(err)} instead of an ApiError`);
    assert.equal(err.errorType, 'bad_data');
    assert.equal(err.status, 400);
    return;
  }
}

test('times: unix seconds with decimals, RFC 3339, and the min/max sentinels', () => {
  assert.equal(parseTime('1700000000'), 1_700_000_000_000);
  assert.equal(parseTime('1700000000.123'), 1_700_000_000_123);
  assert.equal(parseTime('1.2345'), 1_234);
  assert.equal(parseTime('1.2355'), 1_236);
  assert.equal(parseTime('-1.5'), -1_500);
  assert.equal(parseTime('1e3'), 1_000_000);
  assert.equal(parseTime('2023-11-14T22:13:20Z'), 1_700_000_000_000);
  assert.equal(parseTime('2023-11-14T22:13:20.5Z'), 1_700_000_000_500);
  assert.equal(parseTime('2023-11-14T22:13:20.123456789Z'), 1_700_000_000_123);
  assert.equal(parseTime('2023-11-15T00:13:20+02:00'), 1_700_000_000_000);
  assert.equal(parseTime('2023-11-14T21:13:20.9999-01:00'), 1_700_000_000_999);
  assert.equal(parseTime('0000-01-01T00:00:00Z'), YEAR_0);
  assert.equal(parseTime('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
  assert.equal(parseTime(MIN_TIME_TEXT), MIN_TIME_MS);
  assert.equal(parseTime(MAX_TIME_TEXT), MAX_TIME_MS);
});

test('bad times are bad_data errors worded as Prometheus words them', () => {
  for (const bad of [
    '',
    'now',
    '2023-02-29T00:00:00Z',
    '2023-11-14T24:00:00Z',
    '2023-11-14 22:13:20Z',
    '2023-11-14T22:13:20',
    'NaN',
    'Inf',
    '1e20',
  ]) {
    assert.throws(() => parseTime(bad), {
      name: 'ApiError',
      message: `cannot parse ${JSON.stringify(bad)} to a valid timestamp`,
    });
  }
  const params = new URLSearchParams({ start: 'yesterday' });
  assert.throws(() => timeParam(params, 'start', 0), {
    message: `invalid parameter "start": Invalid time value for 'start': cannot parse "yesterday" to a valid timestamp`,
  });
  assert.equal(timeParam(params, 'end', 42), 42);
  assert.throws(() => requiredTimeParam(params, 'end'), {
    message: 'invalid parameter "end": cannot parse "" to a valid timestamp',
  });
});

test('durations: float seconds first, then Prometheus durations', () => {
  assert.equal(parseDuration('15'), 15_000);
  assert.equal(parseDuration('0.5'), 500);
  assert.equal(parseDuration('0.0001'), 0.1);
  assert.equal(parseDuration('-3'), -3_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('100ms'), 100);
  assert.equal(parseDuration('0'), 0);
  assert.throws(() => parseDuration('1e10'), {
    message: 'cannot parse "1e10" to a valid duration. It overflows int64',
  });
  assert.throws(() => parseDuration('Inf'), {
    message: 'cannot parse "Inf" to a valid duration. It overflows int64',
  });
  for (const bad of ['', '5 m', '1m1h', 'm', '1.5m']) {
    assert.throws(() => parseDuration(bad), {
      message: `cannot parse ${JSON.stringify(bad)} to a valid duration`,
    });
  }
  assert.throws(() => durationParam(new URLSearchParams({ timeout: 'soon' }), 'timeout'), {
    message: 'invalid parameter "timeout": cannot parse "soon" to a valid duration',
  });
  assert.equal(durationParam(new URLSearchParams(), 'timeout'), undefined);
});

test('property: the time and duration parsers fail only with bad_data errors', () => {
  const near = fc.oneof(
    fc.string(),
    fc.stringMatching(/^[-+]?[0-9._eE]{0,12}$/),
    fc.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,12})?(Z|[+-]\d{2}:\d{2})?$/),
    fc.stringMatching(/^(\d{1,4}(y|w|d|h|m|s|ms)){0,4}$/),
  );
  fc.assert(
    fc.property(near, (text) => {
      throwsBadData(() => parseTime(text));
      throwsBadData(() => parseDuration(text));
      throwsBadData(() => timeParam(new URLSearchParams({ t: text }), 't', 0));
      throwsBadData(() => durationParam(new URLSearchParams({ d: text }), 'd'));
    }),
    { numRuns: 2000 },
  );
});

test('property: times round-trip through unix seconds and RFC 3339', () => {
  fc.assert(
    fc.property(fc.integer({ min: -1e15, max: 1e15 }), (ms) => {
      assert.equal(parseTime(formatApiTimestamp(ms)), ms);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(
      // A day inside either end, so the local time at any offset still has a 4-digit year.
      fc.integer({ min: YEAR_0 + DAY, max: YEAR_10000 - DAY }),
      fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
      (ms, offsetMinutes) => {
        assert.equal(parseTime(isoWithOffset(ms, offsetMinutes)), ms);
        assert.equal(parseTime(formatRfc3339Nano(ms)), ms);
      },
    ),
    { numRuns: 2000 },
  );
});

test('property: durations round-trip through Prometheus durations and float seconds', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 9_000_000_000_000 }), (ms) => {
      assert.equal(parseDuration(formatDuration(ms)), ms);
      // Seconds become int64 nanoseconds through a float64 multiply, as in Go: exact to within a
      // microsecond or the float's last digit, whichever is larger.
      assert.ok(Math.abs(parseDuration(String(ms / 1000)) - ms) <= Math.max(1e-3, ms * 1e-15), String(ms));
    }),
    { numRuns: 2000 },
  );
});

/** `ms` written in local time at `offsetMinutes` east of UTC, e.g. 2023-11-15T00:13:20.5+02:00. */
function isoWithOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return local.replace('Z', zone);
}
