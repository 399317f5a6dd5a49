import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from './engine.js';
import { PromQLError } from './errors.js';
import { render } from './testing/format.js';
import { memoryQueryable, type SeriesSpec } from './testing/memory-storage.js';

const at0 = (labels: Record<string, string>, v: number): SeriesSpec => ({ labels, samples: [[0, v]] });

const data = [
  at0({ __name__: 'm', job: 'a', i: '1' }, 1),
  at0({ __name__: 'm', job: 'a', i: '2' }, 4),
  at0({ __name__: 'm', job: 'b', i: '1' }, 2),
  at0({ __name__: 'm', job: 'b', i: '2' }, Number.NaN),
  at0({ __name__: 'm', job: 'c', i: '1' }, 8),
];

async function run(expr: string, specs = data) {
  const r = await new Engine().instantQuery(await memoryQueryable(specs), expr, 0);
  return { rows: render(r), warnings: r.warnings };
}

describe('aggregations', () => {
  it('sum, avg, count, min, max, group with by and without', async () => {
    assert.deepEqual((await run('sum by (job) (m{job!="b"})')).rows, ['{job="a"} 5', '{job="c"} 8']);
    assert.deepEqual((await run('avg without (i) (m{job="a"})')).rows, ['{job="a"} 2.5']);
    assert.deepEqual((await run('count(m)')).rows, ['{} 5']);
    assert.deepEqual((await run('max by (job) (m{job="b"})')).rows, ['{job="b"} 2']);
    assert.deepEqual((await run('min(m)')).rows, ['{} 1']);
    assert.deepEqual((await run('group by (job) (m)')).rows, ['{job="a"} 1', '{job="b"} 1', '{job="c"} 1']);
  });

  it('stddev, stdvar and quantile, warning about a quantile outside [0, 1]', async () => {
    assert.deepEqual((await run('stdvar(m{job="a"})')).rows, ['{} 2.25']);
    assert.deepEqual((await run('stddev(m{job="a"})')).rows, ['{} 1.5']);
    assert.deepEqual((await run('quantile(0.5, m{job!="b"})')).rows, ['{} 4']);
    const high = await run('quantile(2, m)');
    assert.deepEqual(high.rows, ['{} Infinity']);
    assert.deepEqual(high.warnings, [
      'PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)',
    ]);
  });

  it('topk and bottomk order an instant result, NaN last', async () => {
    assert.deepEqual((await run('topk(3, m)')).rows, [
      'm{i="1", job="c"} 8',
      'm{i="2", job="a"} 4',
      'm{i="1", job="b"} 2',
    ]);
    assert.deepEqual((await run('bottomk(2, m)')).rows, ['m{i="1", job="a"} 1', 'm{i="1", job="b"} 2']);
    assert.deepEqual((await run('topk by (job) (1, m{job="b"})')).rows, ['m{i="1", job="b"} 2']);
    assert.deepEqual((await run('topk(0, m)')).rows, []);
  });

  it('limitk and limit_ratio pick stable subsets', async () => {
    assert.equal((await run('limitk(2, m)')).rows.length, 2);
    const half = (await run('limit_ratio(0.5, m)')).rows;
    const rest = (await run('limit_ratio(-0.5, m)')).rows;
    assert.equal(half.length + rest.length, 5);
    assert.deepEqual(
      half.filter((r) => rest.includes(r)),
      [],
    );
    const capped = await run('limit_ratio(1.5, m)');
    assert.equal(capped.rows.length, 5);
    assert.deepEqual(capped.warnings, [
      'PromQL warning: ratio value should be between -1 and 1, got 1.5, capping to 1 (1:13)',
    ]);
  });

  it('fails on NaN parameters', async () => {
    await assert.rejects(
      run('topk(NaN, m)'),
      (err) => err instanceof PromQLError && err.message === 'Parameter value is NaN',
    );
    await assert.rejects(
      run('limit_ratio(NaN, m)'),
      (err) => err instanceof PromQLError && err.message === 'Ratio value is NaN',
    );
  });

  it('count_values counts each value per group', async () => {
    const specs = [
      at0({ __name__: 'v', x: '1' }, 2),
      at0({ __name__: 'v', x: '2' }, 2),
      at0({ __name__: 'v', x: '3' }, 1e21),
    ];
    assert.deepEqual((await run('count_values("val", v)', specs)).rows, [
      '{val="2"} 2',
      '{val="1000000000000000000000"} 1',
    ]);
    assert.deepEqual((await run('count_values without (x) ("x", v)', specs)).rows, ['{} 3']);
  });

  it('keeps the metric name only when grouping by it', async () => {
    assert.deepEqual((await run('sum by (__name__) (m{job="a"})')).rows, ['m 5']);
    assert.deepEqual((await run('sum by (__name__) (abs(m{job="a"}))')).rows, ['{} 5']);
  });
});
