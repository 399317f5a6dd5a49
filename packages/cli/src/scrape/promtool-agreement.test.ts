import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { promtoolCheckMetrics, requireBinary } from '@telemeter/testkit';
import fc from 'fast-check';
import { arbitraryFamilies, renderFamilies } from '../testing/arbitrary-exposition.js';
import { checkExposition } from './check.js';

const promtool = requireBinary('promtool', 'prometheus');

describe('telemeter scrape and promtool check metrics agree', () => {
  it('on the lint problems and the exit code of generated expositions', {
    skip: promtool.skip,
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryFamilies, async (families) => {
        const body = renderFamilies(families);
        const ours = checkExposition(body, 'prometheus');
        const theirs = await promtoolCheckMetrics(body);
        assert.equal(ours.parseError, undefined, body);
        const promlint = ours.problems.filter((p) => !p.extra).map((p) => `${p.metric} ${p.message}`);
        assert.deepEqual(promlint, [...new Set(theirs.lintWarnings)], body);
        assert.equal(promlint.length > 0 ? 3 : 0, theirs.exitCode, body);
      }),
      { numRuns: 60 },
    );
  });
});
