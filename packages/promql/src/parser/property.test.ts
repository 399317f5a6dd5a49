import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PromQLParseError } from './errors.js';
import { format } from './format.js';
import { parse } from './parser.js';
import { exprArbitraries, PROMQL_FRAGMENTS } from './testing/arbitraries.js';
import { stripPositions } from './testing/strip.js';

const arbs = exprArbitraries(4);

/** Parses, allowing only PromQLParseError to escape. */
function parseOrParseError(text: string): void {
  try {
    parse(text);
  } catch (err) {
    if (!(err instanceof PromQLParseError)) throw err;
    assert.ok(err.line >= 1 && err.column >= 1, 'positions are 1-based');
    assert.ok(err.position >= 0 && err.position <= text.length, 'position inside the text');
  }
}

describe('parser properties', () => {
  it('random trees survive format -> parse unchanged', () => {
    fc.assert(
      fc.property(arbs.any, (expr) => {
        const text = format(expr);
        const back = parse(text);
        assert.deepEqual(stripPositions(back), stripPositions(expr), text);
        assert.equal(format(back), text);
      }),
      { numRuns: 400 },
    );
  });

  it('format(parse(x)) is a fixed point', () => {
    fc.assert(
      fc.property(arbs.any, (expr) => {
        const once = format(parse(format(expr)));
        assert.equal(format(parse(once)), once);
      }),
      { numRuns: 200 },
    );
  });

  it('arbitrary text only ever throws PromQLParseError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), parseOrParseError), {
      numRuns: 1000,
    });
  });

  it('near-miss PromQL only ever throws PromQLParseError', () => {
    const soup = fc
      .array(fc.constantFrom(...PROMQL_FRAGMENTS), { maxLength: 25 })
      .map((parts) => parts.join(''));
    fc.assert(fc.property(soup, parseOrParseError), { numRuns: 2000 });
  });

  it('mutated valid queries only ever throw PromQLParseError', () => {
    const mutated = fc
      .tuple(
        arbs.any,
        fc.nat(),
        fc.nat({ max: 3 }),
        fc.constantFrom('', '(', ')', '{', '}', '[', ']', '"', ',', ' ', 'x'),
      )
      .map(([expr, at, cut, insert]) => {
        const text = format(expr);
        const i = text.length === 0 ? 0 : at % text.length;
        return text.slice(0, i) + insert + text.slice(i + cut);
      });
    fc.assert(fc.property(mutated, parseOrParseError), { numRuns: 1000 });
  });
});
