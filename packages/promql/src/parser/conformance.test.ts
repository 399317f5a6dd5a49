import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { format } from './format.js';
import { parse } from './parser.js';
import { conformanceDir, loadConformanceQueries } from './testing/conformance-queries.js';
import { stripPositions } from './testing/strip.js';

// Every `eval` query of the shared Prometheus conformance scripts must parse (queries marked to
// fail may fail, but only at evaluation: none of them is a parse error), and print stably.
describe('conformance scripts: every eval query parses', () => {
  const queries = loadConformanceQueries();
  if (queries === undefined) {
    it('skipped: no conformance scripts', { skip: `not found: ${conformanceDir()}` }, () => {});
    return;
  }

  it(`parses the ${queries.length} queries`, (t) => {
    const failures: string[] = [];
    let parsed = 0;
    let expectedToFail = 0;
    for (const q of queries) {
      if (q.expectFail) expectedToFail++;
      try {
        const expr = parse(q.query);
        const text = format(expr);
        const again = parse(text);
        assert.deepEqual(stripPositions(again), stripPositions(expr), `${q.file}:${q.line} ${text}`);
        assert.equal(format(again), text);
        parsed++;
      } catch (err) {
        if (!q.expectFail) failures.push(`${q.file}:${q.line}: ${q.query}\n  ${(err as Error).message}`);
      }
    }
    t.diagnostic(
      `conformance queries: ${parsed}/${queries.length} parse (${expectedToFail} are marked to fail at evaluation)`,
    );
    assert.deepEqual(failures, []);
  });
});
