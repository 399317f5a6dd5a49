import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStaleNaN } from '@telemeter/storage';
import fc from 'fast-check';
import { TestScriptError } from './errors.js';
import { formatSeriesDescription } from './format.js';
import { parseGoNumber, parseSequence, parseSeriesDescription, type SequenceValue } from './series.js';

const floats = (values: SequenceValue[]) => values.map((v) => (v.kind === 'float' ? v.value : v.kind));

describe('series values', () => {
  it('expand a+bxN, a-bxN, axN, _xN', () => {
    assert.deepEqual(floats(parseSequence('0+10x3', 1)), [0, 10, 20, 30]);
    assert.deepEqual(floats(parseSequence('5-2x2 -1', 1)), [5, 3, 1, -1]);
    assert.deepEqual(floats(parseSequence('9x2', 1)), [9, 9, 9]);
    assert.deepEqual(floats(parseSequence('1 _x2 _ 2', 1)), [1, 'omitted', 'omitted', 'omitted', 2]);
    assert.deepEqual(floats(parseSequence('0x10', 1)).length, 11);
    assert.deepEqual(floats(parseSequence('1e+3 .5 -1E-1+1e-1x1', 1)), [1000, 0.5, -0.1, 0]);
  });

  it('read Inf, NaN and stale', () => {
    const values = parseSequence('Inf -Inf +Inf inf NaN stale', 1);
    const vs = values.map((v) => (v.kind === 'float' ? v.value : Number.NaN));
    assert.deepEqual(vs.slice(0, 4), [Infinity, -Infinity, Infinity, Infinity]);
    assert.ok(Number.isNaN(vs[4]) && !isStaleNaN(vs[4] as number));
    assert.ok(isStaleNaN(vs[5] as number));
  });

  it('keep native histograms as opaque points, with repetition', () => {
    const values = parseSequence(
      '1 {{schema:1 sum:3 count:22 buckets:[5 10 7]}}x2 {{count:1}}+{{count:2}}x1 _',
      1,
    );
    assert.deepEqual(
      values.map((v) => v.kind),
      ['float', 'histogram', 'histogram', 'histogram', 'histogram', 'histogram', 'omitted'],
    );
  });

  it('reject garbage with the line', () => {
    assert.throws(
      () => parseSequence('1 abc', 7),
      (err: TestScriptError) => err.line === 7,
    );
    assert.throws(() => parseSequence('1+2', 1), TestScriptError);
    assert.throws(() => parseSequence('{{sum:1', 1), TestScriptError);
  });

  it('parseGoNumber follows ParseInt(s, 0) then ParseFloat', () => {
    assert.equal(parseGoNumber('0x1f'), 31);
    assert.equal(parseGoNumber('010'), 8);
    assert.equal(parseGoNumber('-1.5e3'), -1500);
    assert.equal(parseGoNumber('foo 1'), undefined);
    assert.equal(parseGoNumber('{} 1'), undefined);
  });
});

describe('series labels', () => {
  it('parse names, labels, quoting and escapes', () => {
    const d = parseSeriesDescription(`foo:bar{a="x\\"y", b='1', c=\`r\\n\`, "d.e"="\\u00e9"} 1`, 1);
    assert.deepEqual(d.labels, { __name__: 'foo:bar', a: 'x"y', b: '1', c: 'r\\n', 'd.e': 'é' });
    assert.deepEqual(parseSeriesDescription('{} 1', 1).labels, {});
    assert.deepEqual(parseSeriesDescription('{"my.metric", a="b"} 1', 1).labels, {
      __name__: 'my.metric',
      a: 'b',
    });
  });
});

const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/).filter((n) => n !== '__name__');
const value: fc.Arbitrary<SequenceValue> = fc.oneof(
  fc.double().map((v) => ({ kind: 'float', value: v }) as SequenceValue),
  fc.constant({ kind: 'omitted' } as SequenceValue),
);

describe('series property tests', () => {
  it('format then parse gives the description back', () => {
    fc.assert(
      fc.property(
        fc.option(fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,10}$/), { nil: undefined }),
        fc.dictionary(labelName, fc.string({ maxLength: 8 }), { maxKeys: 4 }),
        fc.array(value, { maxLength: 12 }),
        (name, labels, values) => {
          const desc = { labels: name === undefined ? { ...labels } : { __name__: name, ...labels }, values };
          const back = parseSeriesDescription(formatSeriesDescription(desc), 1);
          assert.deepEqual(back.labels, desc.labels);
          assert.equal(back.values.length, values.length);
          back.values.forEach((v, i) => {
            const want = values[i] as SequenceValue;
            if (want.kind === 'float' && v.kind === 'float')
              assert.ok(Object.is(v.value, want.value) || v.value === want.value);
            else assert.equal(v.kind, want.kind);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a+bxN expands to N+1 accumulated values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -50, max: 50 }),
        fc.nat(30),
        (a, b, n) => {
          const text = `${a}${b < 0 ? '-' : '+'}${Math.abs(b)}x${n}`;
          assert.deepEqual(
            floats(parseSequence(text, 1)),
            Array.from({ length: n + 1 }, (_, i) => a + i * b),
          );
        },
      ),
    );
  });
});
