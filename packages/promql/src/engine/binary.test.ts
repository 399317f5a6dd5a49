import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from './engine.js';
import { PromQLError } from './errors.js';
import { render } from './testing/format.js';
import { memoryQueryable, type SeriesSpec } from './testing/memory-storage.js';

const at0 = (labels: Record<string, string>, v: number): SeriesSpec => ({ labels, samples: [[0, v]] });

const data = [
  at0({ __name__: 'req', job: 'api', instance: '1' }, 10),
  at0({ __name__: 'req', job: 'api', instance: '2' }, 20),
  at0({ __name__: 'req', job: 'db', instance: '1' }, 30),
  at0({ __name__: 'limit', job: 'api' }, 100),
  at0({ __name__: 'limit', job: 'db' }, 300),
  at0({ __name__: 'info', job: 'api', team: 'red' }, 1),
  at0({ __name__: 'other', job: 'api', instance: '1' }, 1),
];

async function run(expr: string) {
  return render(await new Engine().instantQuery(await memoryQueryable(data), expr, 0));
}

async function failure(expr: string): Promise<PromQLError> {
  try {
    await run(expr);
  } catch (err) {
    assert.ok(err instanceof PromQLError, String(err));
    return err;
  }
  assert.fail(`${expr} did not fail`);
}

describe('binary operators', () => {
  it('between scalars, with Go semantics for ^ and %', async () => {
    assert.deepEqual(await run('2 ^ 10'), ['1024']);
    assert.deepEqual(await run('1 ^ NaN'), ['1']);
    assert.deepEqual(await run('-7 % 3'), ['-1']);
    assert.deepEqual(await run('1 < bool 2'), ['1']);
  });

  it('between a vector and a scalar: arithmetic drops the name, comparisons filter', async () => {
    assert.deepEqual(await run('limit * 2'), ['{job="api"} 200', '{job="db"} 600']);
    assert.deepEqual(await run('limit > 150'), ['limit{job="db"} 300']);
    assert.deepEqual(await run('150 < limit'), ['limit{job="db"} 300']);
    assert.deepEqual(await run('limit > bool 150'), ['{job="api"} 0', '{job="db"} 1']);
  });

  it('match one-to-one on all labels but the name, or on/ignoring', async () => {
    assert.deepEqual(await run('req - other'), ['{instance="1", job="api"} 9']);
    assert.deepEqual(await run('req{instance="1"} / on(job) limit'), ['{job="api"} 0.1', '{job="db"} 0.1']);
    assert.deepEqual(await run('req{instance="1"} / ignoring(instance) limit'), [
      '{job="api"} 0.1',
      '{job="db"} 0.1',
    ]);
    assert.deepEqual(await run('req{instance="1"} > on(job) limit'), []);
    assert.deepEqual(await run('req{instance="1"} < bool on(job) limit'), ['{job="api"} 1', '{job="db"} 1']);
  });

  it('match many-to-one with group_left, copying the include labels', async () => {
    assert.deepEqual(await run('req / on(job) group_left limit'), [
      '{instance="1", job="api"} 0.1',
      '{instance="1", job="db"} 0.1',
      '{instance="2", job="api"} 0.2',
    ]);
    assert.deepEqual(await run('req * on(job) group_left(team) info'), [
      '{instance="1", job="api", team="red"} 10',
      '{instance="2", job="api", team="red"} 20',
    ]);
    assert.deepEqual(await run('info * on(job) group_right(team) req'), [
      '{instance="1", job="api", team="red"} 10',
      '{instance="2", job="api", team="red"} 20',
    ]);
  });

  it('fails on ambiguous matches with Prometheus wording', async () => {
    const many = await failure('req / on(job) limit');
    assert.equal(many.code, 'TM_PROMQL_EXECUTION');
    assert.equal(
      many.message,
      'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
    );
    const dup = await failure('limit / on() group_left req');
    assert.equal(
      dup.message,
      'found duplicate series for the match group {} on the right hand-side of the operation: ' +
        '[{__name__="req", instance="1", job="api"}, {__name__="req", instance="1", job="db"}]' +
        ';many-to-many matching not allowed: matching labels must be unique on one side',
    );
  });

  it('applies the set operators per signature', async () => {
    assert.deepEqual(await run('req and on(job) limit{job="db"}'), ['req{instance="1", job="db"} 30']);
    assert.deepEqual(await run('req unless on(job) limit{job="db"}'), [
      'req{instance="1", job="api"} 10',
      'req{instance="2", job="api"} 20',
    ]);
    assert.deepEqual(await run('limit or on(job) info'), ['limit{job="api"} 100', 'limit{job="db"} 300']);
    assert.deepEqual(await run('limit{job="api"} or req{job="db"}'), [
      'limit{job="api"} 100',
      'req{instance="1", job="db"} 30',
    ]);
  });

  it('merges series whose names were dropped when they do not overlap, fails when they do', async () => {
    const r = await new Engine().rangeQuery(
      await memoryQueryable([
        { labels: { __name__: 'a' }, samples: [[0, 1]] },
        { labels: { __name__: 'b' }, samples: [[20 * 60_000, 4]] },
      ]),
      '-a or -b',
      0,
      20 * 60_000,
      10 * 60_000,
    );
    assert.deepEqual(render(r), ['{} 0:-1 1200:-4']);
    const dup = await failure('-{job="api", instance="1"}');
    assert.equal(dup.message, 'vector cannot contain metrics with the same labelset');
  });
});
