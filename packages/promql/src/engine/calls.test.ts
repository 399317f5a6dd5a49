import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from './engine.js';
import { PromQLError } from './errors.js';
import { render } from './testing/format.js';
import { every, memoryQueryable, type SeriesSpec } from './testing/memory-storage.js';

const MIN = 60_000;
const data: SeriesSpec[] = [
  { labels: { __name__: 'c_total', job: 'a' }, samples: every(0, MIN, [0, 60, 120, 180, 240, 300]) },
  { labels: { __name__: 'g', job: 'a', src: 'x-1' }, samples: every(0, MIN, [3, 1, 2, 5, -4, 0.5]) },
  { labels: { __name__: 'g', job: 'b', src: 'x-10' }, samples: every(0, MIN, [1, 1, 1, 1, 1, 2]) },
  { labels: { __name__: 'h_bucket', le: '1' }, samples: every(0, MIN, [1, 1, 1, 1, 1, 2]) },
  { labels: { __name__: 'h_bucket', le: '2' }, samples: every(0, MIN, [3, 3, 3, 3, 3, 4]) },
  { labels: { __name__: 'h_bucket', le: '+Inf' }, samples: every(0, MIN, [4, 4, 4, 4, 4, 4]) },
];

async function run(expr: string, t = 5 * MIN) {
  const r = await new Engine().instantQuery(await memoryQueryable(data), expr, t);
  return { rows: render(r), warnings: r.warnings, infos: r.infos };
}

describe('functions', () => {
  it('rate, increase and deriv over windows', async () => {
    assert.deepEqual((await run('rate(c_total[5m])')).rows, ['{job="a"} 1']);
    assert.deepEqual((await run('increase(c_total[2m])')).rows, ['{job="a"} 120']);
    assert.deepEqual((await run('deriv(c_total[5m])')).rows, ['{job="a"} 1']);
    assert.deepEqual((await run('predict_linear(c_total[5m], 60)')).rows, ['{job="a"} 360']);
  });

  it('element-wise functions drop the name; clamp drops elements when max < min', async () => {
    assert.deepEqual((await run('abs(g)')).rows, ['{job="a", src="x-1"} 0.5', '{job="b", src="x-10"} 2']);
    assert.deepEqual((await run('clamp(g, 1, 1.5)')).rows, [
      '{job="a", src="x-1"} 1',
      '{job="b", src="x-10"} 1.5',
    ]);
    assert.deepEqual((await run('clamp(g, 2, 1)')).rows, []);
    assert.deepEqual((await run('round(g, 2)')).rows, ['{job="a", src="x-1"} 0', '{job="b", src="x-10"} 2']);
    assert.deepEqual((await run('year(vector(0))')).rows, ['{} 1970']);
    assert.deepEqual((await run('hour()', 3600_000)).rows, ['{} 1']);
  });

  it('scalar, vector, time and timestamp', async () => {
    assert.deepEqual((await run('scalar(g{job="b"})')).rows, ['2']);
    assert.deepEqual((await run('scalar(g)')).rows, ['NaN']);
    assert.deepEqual((await run('vector(time())')).rows, ['{} 300']);
    assert.deepEqual((await run('timestamp(g{job="b"})', 5 * MIN + 30_000)).rows, [
      '{job="b", src="x-10"} 300',
    ]);
    assert.deepEqual((await run('timestamp(-g{job="b"})', 5 * MIN + 30_000)).rows, [
      '{job="b", src="x-10"} 330',
    ]);
  });

  it('absent and absent_over_time', async () => {
    assert.deepEqual((await run('absent(g)')).rows, []);
    assert.deepEqual((await run('absent(nope{job="x", a=~"y"})')).rows, ['{job="x"} 1']);
    assert.deepEqual((await run('absent_over_time(nope{job="x"}[1m])')).rows, ['{job="x"} 1']);
    assert.deepEqual((await run('absent_over_time(g[1m])')).rows, []);
  });

  it('label_replace and label_join with Go template semantics', async () => {
    assert.deepEqual((await run(`label_replace(g, "n", "$1-$\{1}y-$1x", "src", "x-(.*)")`)).rows, [
      'g{job="a", n="1-1y-", src="x-1"} 0.5',
      'g{job="b", n="10-10y-", src="x-10"} 2',
    ]);
    assert.deepEqual((await run('label_replace(g, "job", "$1", "src", "((?i:X))-.*")')).rows, [
      'g{job="x", src="x-1"} 0.5',
      'g{job="x", src="x-10"} 2',
    ]);
    assert.deepEqual((await run('label_join(g, "j", "/", "job", "src")')).rows, [
      'g{j="a/x-1", job="a", src="x-1"} 0.5',
      'g{j="b/x-10", job="b", src="x-10"} 2',
    ]);
    const both = 'label_replace(label_replace(g, "src", "", "", ""), "job", "", "", "")';
    await assert.rejects(run(both), (err) => err instanceof PromQLError);
    await assert.rejects(run('label_replace(g, "a", "", "src", "(")'), (err) => err instanceof PromQLError);
  });

  it('sort functions order instant results', async () => {
    assert.deepEqual((await run('sort_desc(g)')).rows, [
      'g{job="b", src="x-10"} 2',
      'g{job="a", src="x-1"} 0.5',
    ]);
    assert.deepEqual((await run('sort(g)')).rows, ['g{job="a", src="x-1"} 0.5', 'g{job="b", src="x-10"} 2']);
    assert.deepEqual((await run('sort_by_label_desc(g, "src")')).rows, [
      'g{job="b", src="x-10"} 2',
      'g{job="a", src="x-1"} 0.5',
    ]);
  });

  it('histogram_quantile and histogram_fraction over classic buckets', async () => {
    assert.deepEqual((await run('histogram_quantile(0.5, h_bucket)')).rows, ['{} 1']);
    assert.deepEqual((await run('histogram_fraction(0, 1, h_bucket)')).rows, ['{} 0.5']);
    assert.deepEqual((await run('histogram_quantiles(h_bucket, "q", 0.5, 1)')).rows, [
      '{q="0.5"} 1',
      '{q="1.0"} 2',
    ]);
    const bad = await run('histogram_quantile(1.5, h_bucket)');
    assert.deepEqual(bad.warnings, [
      'PromQL warning: quantile value should be between 0 and 1, got 1.5 (1:20)',
    ]);
  });
});
