import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from './engine.js';
import { PromQLError } from './errors.js';
import { render } from './testing/format.js';
import { every, memoryQueryable } from './testing/memory-storage.js';

const MIN = 60_000;

async function fixture() {
  return memoryQueryable([
    { labels: { __name__: 'up', job: 'a' }, samples: every(0, MIN, [1, 1, 0, 1, 1]) },
    { labels: { __name__: 'up', job: 'b' }, samples: every(0, MIN, [0, 0, 1, 1, 1]) },
    { labels: { __name__: 'reqs', job: 'a' }, samples: every(0, MIN, [0, 10, 20, 30, 40]) },
  ]);
}

function code(err: unknown): string | undefined {
  return err instanceof PromQLError ? err.code : undefined;
}

describe('Engine', () => {
  it('answers an instant query with a vector in storage order', async () => {
    const r = await new Engine().instantQuery(await fixture(), 'up', 2 * MIN);
    assert.equal(r.resultType, 'vector');
    assert.deepEqual(render(r), ['up{job="a"} 0', 'up{job="b"} 1']);
    if (r.resultType === 'vector') assert.equal(r.result[0]!.t, 2 * MIN);
  });

  it('answers scalar and string expressions', async () => {
    const q = await fixture();
    const s = await new Engine().instantQuery(q, '1 + 2 * 3', 0);
    assert.deepEqual(s.resultType === 'scalar' && s.result, { t: 0, v: 7 });
    const str = await new Engine().instantQuery(q, '"hello"', 5000);
    assert.deepEqual(str.resultType === 'string' && str.result, { t: 5000, v: 'hello' });
  });

  it('returns a matrix for a range query, one point per step, sorted by labels', async () => {
    const r = await new Engine().rangeQuery(await fixture(), 'up', 0, 4 * MIN, MIN);
    assert.deepEqual(render(r), [
      'up{job="a"} 0:1 60:1 120:0 180:1 240:1',
      'up{job="b"} 0:0 60:0 120:1 180:1 240:1',
    ]);
  });

  it('returns a scalar range query as one series without labels', async () => {
    const r = await new Engine().rangeQuery(await fixture(), 'time()', 0, 2 * MIN, MIN);
    assert.deepEqual(render(r), ['{} 0:0 60:60 120:120']);
  });

  it('accepts a parsed expression as well as text', async () => {
    const { parse } = await import('../parser/parser.js');
    const r = await new Engine().instantQuery(await fixture(), parse('sum(up)'), 4 * MIN);
    assert.deepEqual(render(r), ['{} 2']);
  });

  it('rejects range queries over range vectors and bad steps', async () => {
    const q = await fixture();
    await assert.rejects(new Engine().rangeQuery(q, 'up[5m]', 0, MIN, MIN), (err) => {
      assert.equal(code(err), 'TM_PROMQL_BAD_QUERY');
      assert.match((err as Error).message, /invalid expression type "range vector" for range query/);
      return true;
    });
    await assert.rejects(
      new Engine().rangeQuery(q, 'up', 0, MIN, 0),
      (err) => code(err) === 'TM_PROMQL_BAD_QUERY',
    );
    await assert.rejects(
      new Engine().rangeQuery(q, 'up', MIN, 0, MIN),
      (err) => code(err) === 'TM_PROMQL_BAD_QUERY',
    );
  });

  it('renders annotations with the position of the expression they are about', async () => {
    const r = await new Engine().instantQuery(await fixture(), 'sum(rate(up[5m]))', 4 * MIN);
    assert.deepEqual(r.infos, [
      'PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "up" (1:10)',
    ]);
    const w = await new Engine().rangeQuery(await fixture(), 'sort(up)', 0, MIN, MIN);
    assert.deepEqual(w.warnings, [
      'PromQL warning: sort is ineffective for range queries since results are always ordered by labels (1:1)',
    ]);
  });

  it('fails with TM_PROMQL_TOO_MANY_SAMPLES past maxSamples', async () => {
    const q = await fixture();
    const engine = new Engine({ maxSamples: 4 });
    await assert.rejects(engine.rangeQuery(q, 'up', 0, 4 * MIN, MIN), (err) => {
      assert.equal(code(err), 'TM_PROMQL_TOO_MANY_SAMPLES');
      return true;
    });
    await assert.rejects(engine.instantQuery(q, 'count_over_time(reqs[10m])', 4 * MIN), (err) => {
      return code(err) === 'TM_PROMQL_TOO_MANY_SAMPLES';
    });
    assert.deepEqual(render(await engine.instantQuery(q, 'up', 0)), ['up{job="a"} 1', 'up{job="b"} 0']);
  });

  it('stops with TM_PROMQL_CANCELLED when the signal aborts', async () => {
    const q = await fixture();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      new Engine().instantQuery(q, 'up', 0, { signal: controller.signal }),
      (err) => code(err) === 'TM_PROMQL_CANCELLED',
    );
    // Aborting while the query runs: it notices between steps.
    const running = new AbortController();
    const p = new Engine().rangeQuery(q, 'sum(up)', 0, 2_000_000 * MIN, MIN, { signal: running.signal });
    setImmediate(() => running.abort());
    await assert.rejects(p, (err) => code(err) === 'TM_PROMQL_CANCELLED');
  });

  it('stops with TM_PROMQL_TIMEOUT once the timeout has passed', async () => {
    const q = await fixture();
    const engine = new Engine({ timeoutMs: 1 });
    await assert.rejects(
      engine.rangeQuery(q, 'sum(up)', 0, 2_000_000 * MIN, MIN),
      (err) => code(err) === 'TM_PROMQL_TIMEOUT',
    );
  });

  it('uses a per-query lookback delta', async () => {
    const q = await memoryQueryable([{ labels: { __name__: 'x' }, samples: [[0, 1]] }]);
    const e = new Engine();
    assert.deepEqual(render(await e.instantQuery(q, 'x', 2 * MIN)), ['x 1']);
    assert.deepEqual(render(await e.instantQuery(q, 'x', 2 * MIN, { lookbackDeltaMs: MIN })), []);
  });

  it('closes the querier after the query, also on failure', async () => {
    const inner = await fixture();
    let open = 0;
    const counting = {
      querier(mint: number, maxt: number) {
        const q = inner.querier(mint, maxt);
        open++;
        return { ...q, select: q.select.bind(q), close: () => open-- };
      },
    };
    await new Engine().instantQuery(counting, 'up', 0);
    await assert.rejects(new Engine().instantQuery(counting, 'up + on() up', 0));
    assert.equal(open, 0);
  });
});
