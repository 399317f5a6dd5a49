// Keeps docs/core.md and docs/errors.md true to the code.
//
// Every ```ts block of docs/core.md and docs/errors.md preceded by a `<!-- test -->` line (optionally
// `<!-- test env: NAME=value NAME2=value -->`) is type-checked against the built package's
// declarations with the repository's strict settings, then run as an ES module in its own process
// (its own defaultRegistry and configuration). A block preceded by `<!-- output -->` that follows
// it must equal the sample's stdout, and one preceded by `<!-- stderr -->` must appear in its
// stderr; in both, `…` stands for any text within a line.
//
// The tables are checked too: every TELEMETER_ERR_* / TELEMETER_W_* code in the sources and every
// exported error class appears in docs/errors.md (and nothing else does); every environment variable
// and drop reason appears in docs/core.md.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as core from './index.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const srcDir = join(root, 'packages', 'core', 'src');
const packageEntry = fileURLToPath(new URL('./index.js', import.meta.url));
const coreDoc = readFileSync(join(root, 'docs', 'core.md'), 'utf8');
const errorsDoc = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');

interface Sample {
  /** Where the opening fence is, e.g. `docs/core.md:46`. */
  where: string;
  code: string;
  env: Record<string, string>;
  stdout?: string;
  stderr?: string;
}

/** The marked samples of `doc`; a marker not directly followed by a fence is an error. */
function extractSamples(doc: string, markdown: string): Sample[] {
  const lines = markdown.split('\n');
  const samples: Sample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!-- (test|output|stderr)(?: env: (.*?))? -->$/.exec(lines[i]!);
    if (marker === null) continue;
    const kind = marker[1]!;
    const fence = /^```(\w*)$/.exec(lines[i + 1] ?? '');
    assert.ok(fence, `${doc}:${i + 1}: <!-- ${kind} --> must be followed directly by a code fence`);
    const close = lines.indexOf('```', i + 2);
    assert.ok(close > 0, `${doc}:${i + 2}: unclosed code fence`);
    const body = lines.slice(i + 2, close).join('\n');
    if (kind === 'test') {
      assert.equal(fence[1], 'ts', `${doc}:${i + 2}: a tested sample must be a \`\`\`ts block`);
      const env: Record<string, string> = {};
      for (const pair of (marker[2] ?? '').split(/\s+/).filter(Boolean)) {
        const eq = pair.indexOf('=');
        env[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      samples.push({ where: `${doc}:${i + 2}`, code: body, env });
    } else {
      const last = samples.at(-1);
      assert.ok(last, `${doc}:${i + 1}: <!-- ${kind} --> before any tested sample`);
      last[kind === 'output' ? 'stdout' : 'stderr'] = body;
    }
    i = close;
  }
  return samples;
}

/** A regular expression for one expected line: literal text, `…` for any run of characters. */
function linePattern(expected: string): RegExp {
  const parts = expected.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`);
}

function assertLinesMatch(actual: string, expected: string, what: string): void {
  const got = actual.replace(/\n$/, '').split('\n');
  const want = expected.split('\n');
  const bad = want.findIndex((line, i) => got[i] === undefined || !linePattern(line).test(got[i]!));
  if (bad >= 0 || got.length !== want.length) {
    assert.fail(
      `${what} differs${bad >= 0 ? ` at line ${bad + 1}` : ''}:\n--- actual\n${actual}\n--- expected\n${expected}`,
    );
  }
}

function run(
  file: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  // The samples start from a clean configuration: no TELEMETER_* variables but their own.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('TELEMETER_')),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [file],
      { env: { ...base, ...env }, timeout: 60_000, cwd: tmpdir() },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Every non-test source file of packages/core/src. */
function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'testing') files.push(...sourceFiles(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      files.push(path);
    }
  }
  return files;
}

const samples = [...extractSamples('docs/core.md', coreDoc), ...extractSamples('docs/errors.md', errorsDoc)];
const workDir = mkdtempSync(join(tmpdir(), 'telemeter-docs-core-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

const sampleFile = (sample: Sample, ext: string) =>
  join(workDir, `${sample.where.replace(/\W+/g, '-')}.${ext}`);
const withEntry = (code: string) => code.replaceAll("'@telemeter/core'", JSON.stringify(packageEntry));

for (const sample of samples) writeFileSync(sampleFile(sample, 'mts'), withEntry(sample.code));

/** Type errors per sample file, from one program over all of them (as strict as the repository's tsconfig). */
const typeErrors = (() => {
  const program = ts.createProgram(
    samples.map((sample) => sampleFile(sample, 'mts')),
    {
      strict: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
      skipLibCheck: true,
      noEmit: true,
    },
  );
  const byFile = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? '(global)';
    const where =
      diagnostic.file && diagnostic.start !== undefined
        ? `sample line ${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}: `
        : '';
    const list = byFile.get(file) ?? [];
    list.push(where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    byFile.set(file, list);
  }
  return byFile;
})();

describe('docs/core.md and docs/errors.md samples', { concurrency: 8 }, () => {
  it('has tested samples', () => {
    assert.ok(samples.length >= 20, `found only ${samples.length} <!-- test --> samples`);
    assert.deepEqual(typeErrors.get('(global)') ?? [], []);
  });

  for (const sample of samples) {
    it(`${sample.where} type-checks and runs${sample.stdout === undefined ? '' : ' as shown'}`, async () => {
      const file = sampleFile(sample, 'mts');
      assert.deepEqual(typeErrors.get(file) ?? [], [], `type errors in the sample at ${sample.where}`);
      const js = ts.transpileModule(withEntry(sample.code), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      writeFileSync(sampleFile(sample, 'mjs'), js);
      const result = await run(sampleFile(sample, 'mjs'), sample.env);
      assert.equal(result.code, 0, `the sample at ${sample.where} failed:\n${result.stderr}`);
      if (sample.stdout !== undefined) {
        assertLinesMatch(result.stdout, sample.stdout, `stdout of the sample at ${sample.where}`);
      }
      if (sample.stderr !== undefined) {
        const lines = result.stderr.split('\n');
        for (const expected of sample.stderr.split('\n')) {
          const pattern = linePattern(expected);
          assert.ok(
            lines.some((line) => pattern.test(line)),
            `stderr of the sample at ${sample.where} lacks ${JSON.stringify(expected)}:\n${result.stderr}`,
          );
        }
      }
    });
  }
});

describe('docs/errors.md and the reference tables of docs/core.md', () => {
  const sources = sourceFiles(srcDir).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

  it('lists every TELEMETER_ERR_* and TELEMETER_W_* code the sources use, and no other', () => {
    const used = new Set<string>();
    for (const { text } of sources)
      for (const m of text.matchAll(/TELEMETER_(?:ERR|W)_[A-Z_]+/g)) used.add(m[0]);
    assert.ok(used.size >= 15, `found only ${used.size} codes in the sources`);
    const documented = new Set([...errorsDoc.matchAll(/TELEMETER_(?:ERR|W)_[A-Z_]+/g)].map((m) => m[0]));
    assert.deepEqual(
      [...used].filter((code) => !documented.has(code)).sort(),
      [],
      'missing from docs/errors.md',
    );
    assert.deepEqual(
      [...documented].filter((code) => !used.has(code)).sort(),
      [],
      'in docs/errors.md but not in the sources',
    );
  });

  it('lists every exported error class with its code', () => {
    const classes = Object.entries(core).filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof Error,
    );
    assert.ok(classes.length >= 8);
    for (const [name] of classes)
      assert.ok(errorsDoc.includes(`\`${name}\``), `${name} is not in docs/errors.md`);
  });

  it('lists every TELEMETER_* environment variable in docs/core.md', () => {
    const config = readFileSync(join(srcDir, 'config.ts'), 'utf8');
    const variables = new Set([...config.matchAll(/'(TELEMETER_[A-Z_]+)'/g)].map((m) => m[1]!));
    variables.delete('TELEMETER_W_INVALID_ENV');
    assert.ok(variables.size >= 8, `found only ${variables.size} variables in config.ts`);
    for (const name of variables)
      assert.ok(coreDoc.includes(`\`${name}\``), `${name} is not in docs/core.md`);
  });

  it('lists every drop reason and self-metric in docs/core.md', () => {
    const selfMetrics = readFileSync(join(srcDir, 'self-metrics.ts'), 'utf8');
    const union = /export type DropReason =([^;]+);/.exec(selfMetrics)?.[1] ?? '';
    const reasons = [...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!);
    assert.ok(reasons.length >= 4, 'DropReason has its reasons');
    for (const reason of reasons) {
      assert.ok(coreDoc.includes(`reason="${reason}"`), `reason "${reason}" is not in docs/core.md`);
    }
    for (const name of [core.DROPPED_SAMPLES_METRIC, core.CARDINALITY_OVERFLOW_METRIC]) {
      assert.ok(coreDoc.includes(name), `${name} is not in docs/core.md`);
    }
  });
});
