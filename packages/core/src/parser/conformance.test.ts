// The official OpenMetrics parser test cases (tests/testdata/parsers of the OpenMetrics project),
// read from <repo>/../shared/conformance/openmetrics at test time, never copied into the repo.
// Each case folder holds an exposition and a test.json saying whether a conforming parser must
// accept it. Without that directory (a user's clone) the suite is skipped with a notice.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ExpositionParseError } from '../errors.js';
import { createExpositionParser, parseExposition } from './parse-exposition.js';

/** The repository root: the nearest ancestor holding packages/core/package.json. */
function repositoryRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'packages', 'core', 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Cases this parser is known to judge differently from the suite, with the reason. None: every
 * case passes. A case listed here is reported as skipped, so the summary shows it.
 */
const KNOWN_EXCEPTIONS: Readonly<Record<string, string>> = {};

interface CaseSpec {
  type: string;
  file: string;
  shouldParse: boolean;
  comment?: string;
}

const root = repositoryRoot();
const suiteDir =
  root === undefined ? undefined : resolve(root, '..', 'shared', 'conformance', 'openmetrics', 'parsers');
const available = suiteDir !== undefined && existsSync(suiteDir);
const caseNames = available
  ? readdirSync(suiteDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];

const tally = { passed: 0, failed: 0, skipped: 0 };

/** The samples of a streamed OpenMetrics parse as plain data, or its error message. */
function streamed(text: string, seriesText: boolean): unknown {
  const samples: unknown[] = [];
  const parser = createExpositionParser({
    format: 'openmetrics',
    seriesText,
    onSample: ({ name, labels, value, timestamp, exemplar }) =>
      samples.push({ name, labels: { ...labels }, value, timestamp, exemplar }),
  });
  try {
    parser.write(text);
    parser.end();
  } catch (e) {
    if (e instanceof ExpositionParseError) return e.message;
    throw e;
  }
  return samples;
}

describe('OpenMetrics conformance suite', () => {
  if (!available) {
    it('skipped: ../shared/conformance/openmetrics is not next to this repository', { skip: true }, () => {});
    return;
  }

  it('finds the cases', () => {
    assert.ok(caseNames.length > 0, `no case folders in ${suiteDir}`);
  });

  for (const name of caseNames) {
    const spec = JSON.parse(readFileSync(join(suiteDir, name, 'test.json'), 'utf8')) as CaseSpec;
    const exception = KNOWN_EXCEPTIONS[name];
    const skip =
      exception ?? (spec.type !== 'text' ? `case type "${spec.type}" is not a text exposition` : undefined);
    const verdict = spec.shouldParse ? 'accepts' : 'rejects';
    const title = `${verdict} ${name}${spec.comment ? ` (${spec.comment})` : ''}${skip ? ` — skipped: ${skip}` : ''}`;
    if (skip !== undefined) {
      tally.skipped++;
      it(title, { skip: true }, () => {});
      continue;
    }
    it(title, () => {
      const text = readFileSync(join(suiteDir, name, spec.file), 'utf8');
      let error: unknown;
      try {
        parseExposition(text, { format: 'openmetrics' });
      } catch (e) {
        error = e;
      }
      const ok = spec.shouldParse ? error === undefined : error instanceof ExpositionParseError;
      if (ok) tally.passed++;
      else tally.failed++;
      if (spec.shouldParse) {
        assert.equal(error, undefined, `a valid exposition was rejected: ${error}\n${text}`);
      } else {
        assert.ok(error !== undefined, `an invalid exposition was accepted:\n${text}`);
        assert.ok(error instanceof ExpositionParseError, `expected ExpositionParseError, got ${error}`);
      }
      // The seriesText option parses the same samples and rejects with the same error.
      assert.deepEqual(streamed(text, true), streamed(text, false));
    });
  }

  after(() => {
    console.log(
      `OpenMetrics conformance: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped of ${caseNames.length} cases`,
    );
  });
});
