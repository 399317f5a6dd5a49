// Runs every Prometheus conformance script in ../shared/conformance/promql against the engine and
// prints per-file and total pass/fail/skip figures. While the engine is young the gate is a floor
// on the pass count (raised as it improves), plus every file parsing.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatSummary, newTestEngine } from './run-file.js';
import { type RunResult, runTestScript } from './runner.js';
import { parseTestScript } from './script.js';
import { conformanceFiles } from './testing/conformance-dir.js';

/**
 * The gate: every case without native histograms passes (none fails), and no fewer run than on the
 * day they all passed, so a case cannot quietly slide into "skipped".
 */
const PASS_FLOOR = 934;

const conformance = conformanceFiles(path.dirname(fileURLToPath(import.meta.url)));
const absent = 'skipped: ../shared/conformance/promql is absent';

describe('PromQL conformance (Prometheus test scripts)', () => {
  it(conformance === undefined ? absent : 'every script parses', { skip: conformance === undefined }, () => {
    const { dir, files } = conformance as NonNullable<typeof conformance>;
    for (const file of files) parseTestScript(readFileSync(path.join(dir, file), 'utf8'));
  });

  it(conformance === undefined ? absent : `runs every script: no case fails, at least ${PASS_FLOOR} pass`, {
    skip: conformance === undefined,
  }, async () => {
    const { dir, files } = conformance as NonNullable<typeof conformance>;
    const engine = newTestEngine();
    const total = { passed: 0, failed: 0, skipped: 0 };
    const lines: string[] = [];
    const failures: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const result: RunResult = await runTestScript(text, { engine, file });
      total.passed += result.passed;
      total.failed += result.failed;
      total.skipped += result.skipped;
      lines.push(formatSummary(file, result));
      for (const f of result.failures) failures.push(f.message);
    }
    if (process.env.PROMQL_CONFORMANCE_VERBOSE) for (const f of failures) console.log(`  FAIL ${f}`);
    for (const l of lines) console.log(l);
    console.log(
      `PromQL conformance, all files: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped (native histograms)`,
    );
    assert.deepEqual(failures, [], `${total.failed} conformance cases failed`);
    assert.ok(total.passed >= PASS_FLOOR, `${total.passed} cases passed, the floor is ${PASS_FLOOR}`);
  });
});
