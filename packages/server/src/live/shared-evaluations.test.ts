import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine, type Expr, type Queryable, type QueryOptions, type QueryResult } from '@telemeter/promql';
import { startLiveFixture, T0 } from './testing/live-fixture.js';

const S = 1000;

/** The real engine, counting the range queries it is asked for. */
class CountingEngine extends Engine {
  readonly calls: { query: string; startMs: number; endMs: number; stepMs: number }[] = [];
  override rangeQuery(
    queryable: Queryable,
    exprOrText: Expr | string,
    startMs: number,
    endMs: number,
    stepMs: number,
    options?: QueryOptions,
  ): Promise<QueryResult> {
    this.calls.push({ query: String(exprOrText), startMs, endMs, stepMs });
    return super.rangeQuery(queryable, exprOrText, startMs, endMs, stepMs, options);
  }
}

describe('live stream: shared evaluations', () => {
  it('evaluates one query and step once per tick for every connection showing it', async () => {
    const engine = new CountingEngine();
    const f = await startLiveFixture({ engine });
    try {
      await f.append([
        [{ __name__: 'up', job: 'a' }, T0, 1],
        [{ __name__: 'up', job: 'a' }, T0 + 10 * S, 0],
      ]);
      const clients = [await f.connect(), await f.connect(), await f.connect()];
      // The same query spelled three ways; the third asks for another step and is evaluated apart.
      const queries = ['up{job="a"}', 'up{ job = "a" }', 'up{job="a"}'];
      const steps = [10, '10s', 5];
      for (const [i, c] of clients.entries()) {
        await c.expect('hello');
        c.send({ type: 'subscribe', id: `p${i}`, query: queries[i], range: 60, step: steps[i] });
        await c.expect('initial_data');
      }
      engine.calls.length = 0;
      f.clock.now = T0 + 10 * S;
      const updates = await Promise.all(clients.map((c) => c.expect('metrics_update')));
      assert.deepEqual(updates[0]?.frame, updates[1]?.frame);
      assert.deepEqual(updates[0]?.frame, {
        seriesStart: 1,
        series: [],
        timestamps: [T0 + 10 * S],
        index: [0],
        values: [[0]],
      });
      assert.deepEqual((updates[2]!.frame as { timestamps: number[] }).timestamps, [T0 + 5 * S, T0 + 10 * S]);
      assert.deepEqual(
        engine.calls.sort((a, b) => a.stepMs - b.stepMs),
        [
          { query: 'up{job="a"}', startMs: T0 + 5 * S, endMs: T0 + 10 * S, stepMs: 5 * S },
          { query: 'up{job="a"}', startMs: T0 + 10 * S, endMs: T0 + 10 * S, stepMs: 10 * S },
        ],
      );
    } finally {
      await f.close();
    }
  });
});
