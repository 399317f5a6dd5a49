// Runs Prometheus test-script files against this package's engine, for users' own cases:
//   node packages/promql/dist/esm/testscript/run-file.js my-cases.test [more.test ...]
// Prints per file "file: N passed, N failed, N skipped (native histograms)" and each failure;
// exits 1 when a case fails or a file does not parse.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Engine } from '../engine/engine.js';
import { type RunResult, runTestScript, type TestEngine } from './runner.js';

/** The engine as Prometheus's test engine is configured (1m default subquery step). */
export function newTestEngine(): TestEngine {
  return new Engine({ defaultSubqueryStepMs: 60_000, timeoutMs: 100_000 });
}

export function formatSummary(name: string, r: Pick<RunResult, 'passed' | 'failed' | 'skipped'>): string {
  return `${name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (native histograms)`;
}

/** Runs one file; a file that does not parse is reported as one failure at its line. */
export async function runTestFile(file: string, engine: TestEngine = newTestEngine()): Promise<RunResult> {
  const name = basename(file);
  try {
    return await runTestScript(readFileSync(file, 'utf8'), { engine, file: name });
  } catch (err) {
    const line = (err as { line?: number }).line ?? 0;
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      failures: [{ line, message: `${name}: ${(err as Error).message}` }],
    };
  }
}

async function main(files: string[]): Promise<number> {
  if (files.length === 0) {
    process.stderr.write('usage: run-file <file.test> [...]\n');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    const result = await runTestFile(file);
    for (const f of result.failures) process.stdout.write(`  FAIL ${f.message}\n`);
    process.stdout.write(`${formatSummary(basename(file), result)}\n`);
    failed += result.failed;
  }
  return failed === 0 ? 0 : 1;
}

// Run only when invoked as a program, so importing this module has no side effects.
if (/run-file\.[cm]?js$/.test(process.argv[1] ?? '')) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
