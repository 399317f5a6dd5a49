import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { format } from '../parser/format.js';
import { parse } from '../parser/parser.js';
import { atModifierEvalTimes, pinToEvalTime } from './at-modifier.js';

const pin = (q: string, atMs: number) => {
  const e = parse(q);
  const safe = pinToEvalTime(e, atMs);
  return { safe, text: format(e) };
};

describe('pinToEvalTime', () => {
  it('pins selectors and outermost subqueries, keeps existing @', () => {
    assert.deepEqual(pin('foo + rate(bar[5m] offset 1m) + sum_over_time((baz + qux)[5m:1m])', 100_000), {
      safe: true,
      text: 'foo @ 100.000 + rate(bar[5m] @ 100.000 offset 1m) + sum_over_time((baz + qux)[5m:1m] @ 100.000)',
    });
    assert.equal(pin('sum by (x) (foo @ 50)', 100_000).text, 'sum by (x) (foo @ 50.000)');
  });
  it('flags functions that depend on the evaluation time', () => {
    assert.equal(pin('time() + foo', 1000).safe, false);
    assert.equal(pin('predict_linear(foo[5m], 60)', 1000).safe, false);
    assert.equal(pin('abs(foo)', 1000).safe, true);
  });
  it('uses promqltest evaluation times', () => {
    assert.deepEqual(atModifierEvalTimes(0), [-1000, 0, 1000]);
    assert.deepEqual(atModifierEvalTimes(60_000), [-600_000, 0, 12_000, 60_000, 600_000]);
  });
});
