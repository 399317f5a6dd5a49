import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STALE_NAN } from '@telemeter/storage';
import { Engine } from './engine.js';
import { render } from './testing/format.js';
import { every, memoryQueryable } from './testing/memory-storage.js';

const S = 1000;
const MIN = 60 * S;

async function run(expr: string, t: number, specs: Parameters<typeof memoryQueryable>[0]) {
  return render(await new Engine().instantQuery(await memoryQueryable(specs), expr, t));
}

async function runRange(
  expr: string,
  start: number,
  end: number,
  step: number,
  specs: Parameters<typeof memoryQueryable>[0],
) {
  return render(await new Engine().rangeQuery(await memoryQueryable(specs), expr, start, end, step));
}

const metric = [{ labels: { __name__: 'm' }, samples: every(0, 10 * S, [0, 1, 2, 3, 4, 5, 6]) }];

describe('instant vector selectors', () => {
  it('take the newest sample in the left-open lookback window (t - 5m, t]', async () => {
    const one = [{ labels: { __name__: 'x' }, samples: [[0, 7]] as [number, number][] }];
    assert.deepEqual(await run('x', 0, one), ['x 7']);
    assert.deepEqual(await run('x', 5 * MIN - 1, one), ['x 7']);
    assert.deepEqual(await run('x', 5 * MIN, one), []);
  });

  it('hand RE2 regexes to storage, which reads them as Prometheus does', async () => {
    const jobs = [
      { labels: { __name__: 'up', job: 'API' }, samples: [[0, 1]] as [number, number][] },
      { labels: { __name__: 'up', job: 'db' }, samples: [[0, 2]] as [number, number][] },
    ];
    assert.deepEqual(await run('up{job=~"(?i)api"}', 0, jobs), ['up{job="API"} 1']);
    assert.deepEqual(await run('up{job!~"(?i:A)PI"}', 0, jobs), ['up{job="db"} 2']);
  });

  it('end at a stale marker', async () => {
    const stale = [
      {
        labels: { __name__: 's' },
        samples: [
          [0, 1],
          [10 * S, STALE_NAN],
          [20 * S, 2],
        ] as [number, number][],
      },
    ];
    assert.deepEqual(await runRange('s', 0, 30 * S, 5 * S, stale), ['s 0:1 5:1 20:2 25:2 30:2']);
  });

  it('apply offset and @ (also start() and end())', async () => {
    assert.deepEqual(await run('m offset 20s', 60 * S, metric), ['m 4']);
    assert.deepEqual(await run('m offset -10s', 40 * S, metric), ['m 5']);
    assert.deepEqual(await runRange('m @ 30', 0, 20 * S, 10 * S, metric), ['m 0:3 10:3 20:3']);
    assert.deepEqual(await runRange('m @ end() offset 10s', 0, 20 * S, 10 * S, metric), ['m 0:1 10:1 20:1']);
    assert.deepEqual(await runRange('m @ start()', 20 * S, 40 * S, 10 * S, metric), ['m 20:2 30:2 40:2']);
  });

  it('resolve end() to the query end even when the steps stop short of it', async () => {
    assert.deepEqual(await runRange('m @ end()', 0, 50 * S, 20 * S, metric), ['m 0:5 20:5 40:5']);
    assert.deepEqual(await runRange('vector(end())', 0, 50 * S, 20 * S, metric), ['{} 0:50 20:50 40:50']);
  });

  it('evaluate pinned subexpressions once and repeat them', async () => {
    assert.deepEqual(await runRange('sum(rate(m[1m] @ 60)) + time() * 0', 0, 20 * S, 10 * S, metric), [
      '{} 0:0.1 10:0.1 20:0.1',
    ]);
    assert.deepEqual(await runRange('timestamp(m @ 45)', 0, 20 * S, 10 * S, metric), ['{} 0:40 10:40 20:40']);
  });

  it('skip long gaps between steps without losing values', async () => {
    const dense = [
      {
        labels: { __name__: 'd' },
        samples: every(
          0,
          S,
          Array.from({ length: 3600 }, (_, i) => i),
        ),
      },
    ];
    assert.deepEqual(await runRange('d', 0, 3599 * S, 1200 * S, dense), ['d 0:0 1200:1200 2400:2400']);
  });
});

describe('range vectors', () => {
  it('select the left-open window (t - range, t] and skip stale markers', async () => {
    assert.deepEqual(await run('m[30s]', 60 * S, metric), ['m 40:4 50:5 60:6']);
    assert.deepEqual(await run('count_over_time(m[30s])', 60 * S, metric), ['{} 3']);
    const stale = [
      {
        labels: { __name__: 's' },
        samples: [
          [0, 1],
          [10 * S, STALE_NAN],
          [20 * S, 2],
        ] as [number, number][],
      },
    ];
    assert.deepEqual(await run('count_over_time(s[1m])', 30 * S, stale), ['{} 2']);
  });

  it('slide over a range query, with offset and @', async () => {
    assert.deepEqual(await runRange('sum_over_time(m[20s])', 10 * S, 60 * S, 10 * S, metric), [
      '{} 10:1 20:3 30:5 40:7 50:9 60:11',
    ]);
    assert.deepEqual(await runRange('sum_over_time(m[20s] offset 10s)', 20 * S, 40 * S, 10 * S, metric), [
      '{} 20:1 30:3 40:5',
    ]);
    assert.deepEqual(await runRange('max_over_time(m[15s] @ 30)', 0, 20 * S, 10 * S, metric), [
      '{} 0:3 10:3 20:3',
    ]);
  });

  it('keep the metric name for last_over_time only', async () => {
    assert.deepEqual(await run('last_over_time(m[1m])', 60 * S, metric), ['m 6']);
    assert.deepEqual(await run('max_over_time(m[1m])', 60 * S, metric), ['{} 6']);
  });
});

describe('subqueries', () => {
  it('evaluate on steps aligned to multiples of the subquery step', async () => {
    // At 55s the 30s range holds the aligned steps 30s, 40s, 50s (not 25s, 35s, ...).
    assert.deepEqual(await run('m[30s:10s]', 55 * S, metric), ['m 30:3 40:4 50:5']);
    assert.deepEqual(await run('sum_over_time(m[30s:10s])', 55 * S, metric), ['{} 12']);
  });

  it('use the default step when none is given, and honour offset and @', async () => {
    const slow = [{ labels: { __name__: 'c' }, samples: every(0, MIN, [0, 1, 2, 3, 4, 5, 6]) }];
    assert.deepEqual(await run('c[3m:]', 6 * MIN, slow), ['c 240:4 300:5 360:6']);
    assert.deepEqual(await run('c[2m:] offset 1m', 6 * MIN, slow), ['c 240:4 300:5']);
    assert.deepEqual(await runRange('max_over_time(c[2m:1m] @ 180)', 0, 2 * MIN, MIN, slow), [
      '{} 0:3 60:3 120:3',
    ]);
  });

  it('nest, and carry delayed name removal through', async () => {
    assert.deepEqual(await run('max_over_time(rate(m[20s])[30s:10s])', 60 * S, metric), ['{} 0.1']);
    assert.deepEqual(await run('last_over_time(abs(m)[30s:10s])', 60 * S, metric), ['{} 6']);
  });
});
