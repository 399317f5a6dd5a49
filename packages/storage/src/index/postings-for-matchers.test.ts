import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normalizeLabels } from '../labels/labels.js';
import { createMatcher, matchesLabels } from '../labels/matchers.js';
import type { LabelMatcher, Labels, MatchType } from '../types.js';
import { MemPostings } from './mem-postings.js';
import { postingsForMatchers } from './postings-for-matchers.js';
import { literalAlternatives } from './regex-set.js';

const NAMES = ['__name__', 'a', 'b', 'job'];
const VALUES = ['', 'x', 'y', 'xy', 'a.b', 'a|b', 'a', 'b', 'line\nbreak'];
const REGEXES = [
  '',
  '.*',
  '.+',
  'x',
  'x|y',
  'x.*',
  '(?:x|xy)',
  '(x|y)',
  'y|',
  'a|b',
  'a\\|b',
  'a\\.b',
  'a.b',
  '[xy]+',
  'line.break',
  'x|y|xy|a',
];

const labelSet = fc
  .record(
    Object.fromEntries(NAMES.map((n) => [n, fc.constantFrom(...VALUES)])) as Record<
      string,
      fc.Arbitrary<string>
    >,
  )
  .map((r) => normalizeLabels(r));

const matcher: fc.Arbitrary<LabelMatcher> = fc
  .tuple(fc.constantFrom<MatchType>('=', '!=', '=~', '!~'), fc.constantFrom(...NAMES, 'absent'), fc.nat())
  .map(([type, name, i]) => {
    const pool = type === '=' || type === '!=' ? VALUES : REGEXES;
    return createMatcher(type, name, pool[i % pool.length] as string);
  });

function bruteForce(series: readonly Labels[], matchers: readonly LabelMatcher[]): number[] {
  if (matchers.length === 0) return [];
  const out: number[] = [];
  series.forEach((ls, ref) => {
    if (matchesLabels(matchers, ls)) out.push(ref);
  });
  return out;
}

describe('postingsForMatchers', () => {
  it('selects exactly the series a brute-force filter selects', () => {
    fc.assert(
      fc.property(
        fc.array(labelSet, { maxLength: 40 }),
        fc.array(matcher, { maxLength: 4 }),
        (series, matchers) => {
          const mem = new MemPostings();
          // Out-of-order adds: the index must not depend on arrival order.
          const order = series.map((_, i) => i).reverse();
          for (const ref of order) mem.add(ref, series[ref] as Labels);
          assert.deepEqual(postingsForMatchers(mem, matchers), bruteForce(series, matchers));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('treats an absent label as the empty string', () => {
    const mem = new MemPostings();
    mem.add(0, normalizeLabels({ __name__: 'up', job: 'a' }));
    mem.add(1, normalizeLabels({ __name__: 'up' }));
    mem.add(2, normalizeLabels({ __name__: 'up', job: 'b' }));
    assert.deepEqual(postingsForMatchers(mem, [createMatcher('=', 'job', '')]), [1]);
    assert.deepEqual(postingsForMatchers(mem, [createMatcher('!=', 'job', '')]), [0, 2]);
    assert.deepEqual(postingsForMatchers(mem, [createMatcher('!=', 'job', 'a')]), [1, 2]);
    assert.deepEqual(postingsForMatchers(mem, [createMatcher('=~', 'job', 'a|')]), [0, 1]);
    assert.deepEqual(postingsForMatchers(mem, [createMatcher('!~', 'job', '.+')]), [1]);
    assert.deepEqual(postingsForMatchers(mem, []), []);
  });

  it('answers a literal alternation with lookups only, never listing the values', () => {
    const mem = new MemPostings();
    for (let i = 0; i < 100; i++) mem.add(i, normalizeLabels({ __name__: 'm', pod: `p${i}` }));
    let listed = 0;
    const source = {
      postings: (n: string, v: string) => mem.postings(n, v),
      labelValues: (n: string) => {
        listed++;
        return mem.labelValues(n);
      },
      allPostings: () => mem.allPostings(),
    };
    assert.deepEqual(postingsForMatchers(source, [createMatcher('=~', 'pod', 'p1|p7|p42')]), [1, 7, 42]);
    assert.deepEqual(
      postingsForMatchers(source, [
        createMatcher('!~', 'pod', '(?:p1|p7)'),
        createMatcher('=', '__name__', 'm'),
      ]).length,
      98,
    );
    assert.equal(listed, 0);
  });
});

describe('literalAlternatives', () => {
  it('extracts plain alternations and refuses anything with regex meaning', () => {
    assert.deepEqual(literalAlternatives('a|b|c'), ['a', 'b', 'c']);
    assert.deepEqual(literalAlternatives('(?:GET|POST)'), ['GET', 'POST']);
    assert.deepEqual(literalAlternatives('api\\.v1|x'), ['api.v1', 'x']);
    assert.deepEqual(literalAlternatives(''), ['']);
    assert.deepEqual(literalAlternatives('a|'), ['a', '']);
    for (const re of ['a.b', 'a+', '(a)|(b)', '\\d', '[ab]', 'a{2}', '^a', '(?i)a', 'a\\']) {
      assert.equal(literalAlternatives(re), undefined, re);
    }
  });

  it('agrees with the compiled regex whenever it returns a set', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[ab|().\\?:*]{0,8}$/),
        fc.array(fc.stringMatching(/^[ab|().\\?:*]{0,4}$/)),
        (src, probes) => {
          let re: RegExp;
          try {
            re = new RegExp(`^(?:${src})$`, 's');
          } catch {
            return;
          }
          const set = literalAlternatives(src);
          if (set === undefined) return;
          for (const p of [...probes, ...set]) assert.equal(re.test(p), set.includes(p), `${src} on ${p}`);
        },
      ),
    );
  });
});

describe('MemPostings', () => {
  it('keeps lists sorted for any add order and drops deleted refs', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(200), { maxLength: 50 }),
        fc.array(fc.boolean(), { maxLength: 50 }),
        (refs, del) => {
          const mem = new MemPostings();
          const labelsOf = (r: number): Labels => normalizeLabels({ __name__: 'm', parity: String(r % 2) });
          for (const r of refs) mem.add(r, labelsOf(r));
          // Read once so a cached sorted value list exists while deletes change it.
          mem.labelValues('parity');
          const kept = refs.filter((_, i) => !del[i]);
          refs.forEach((r, i) => {
            if (del[i]) mem.delete(r, labelsOf(r));
          });
          const expected = [...kept].sort((a, b) => a - b);
          assert.deepEqual([...mem.allPostings()], expected);
          assert.deepEqual(
            [...mem.postings('parity', '1')],
            expected.filter((r) => r % 2 === 1),
          );
          assert.deepEqual(mem.labelValues('parity'), [...new Set(kept.map((r) => String(r % 2)))].sort());
          assert.deepEqual(mem.labelNames(), kept.length === 0 ? [] : ['__name__', 'parity']);
        },
      ),
    );
  });
});
