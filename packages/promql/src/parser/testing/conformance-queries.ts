// Reads the `eval` queries of the shared Prometheus conformance scripts (../shared/conformance/promql),
// with whether each is expected to fail. Returns undefined when the folder is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ConformanceQuery {
  file: string;
  line: number;
  query: string;
  /** `eval_fail` or followed by an `expect fail` line. */
  expectFail: boolean;
}

const EVAL = /^eval(?:_[a-z]+)?\s+(?:instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(.*)$/;

/** The repository root: four levels above dist/esm/parser/testing. */
function repoRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..', '..');
}

export function conformanceDir(): string {
  return path.resolve(repoRoot(), '..', 'shared', 'conformance', 'promql');
}

export function loadConformanceQueries(): ConformanceQuery[] | undefined {
  const dir = conformanceDir();
  if (!existsSync(dir)) return undefined;
  const out: ConformanceQuery[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.test'))
    .sort()) {
    const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
    lines.forEach((text, i) => {
      const m = EVAL.exec(text);
      if (!m) return;
      let expectFail = text.startsWith('eval_fail');
      for (let j = i + 1; j < lines.length; j++) {
        const next = (lines[j] as string).trim();
        if (next === '' || next.startsWith('#')) break;
        if (/^expect\s+fail\b/.test(next) || next.startsWith('expected_fail_')) expectFail = true;
        if (!/^(expect|expected_)/.test(next)) break;
      }
      out.push({ file, line: i + 1, query: (m[1] as string).trim(), expectFail });
    });
  }
  return out;
}
