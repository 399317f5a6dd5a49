import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { TestScriptError } from './errors.js';
import { type EvalCommand, type LoadCommand, parseTestScript } from './script.js';
import { conformanceFiles } from './testing/conformance-dir.js';

const evalOf = (text: string) => parseTestScript(text).commands.find((c) => c.kind === 'eval') as EvalCommand;

describe('parseTestScript', () => {
  it('parses load, clear and eval blocks', () => {
    const script = parseTestScript(
      [
        '# comment',
        'load 1m',
        '  my_metric{env="prod"} 5 2+3x2 _ stale',
        '',
        'eval instant at 1m sum by (env) (my_metric)',
        '  expect no_info',
        '  {env="prod"} 2',
        '',
        'clear',
        'eval range from 0 to 3m step 1m my_metric',
        '  expect warn msg: PromQL warning: boom (1:15)',
        '  expect info regex: something (wrong|boom)',
        '  my_metric{env="prod"} 5 2 5 8',
      ].join('\n'),
    );
    assert.deepEqual(
      script.commands.map((c) => c.kind),
      ['load', 'eval', 'clear', 'eval'],
    );
    const load = script.commands[0] as LoadCommand;
    assert.equal(load.intervalMs, 60_000);
    assert.equal(load.series[0]?.values.length, 6);
    const instant = script.commands[1] as EvalCommand;
    assert.equal(instant.range, false);
    assert.equal(instant.startMs, 60_000);
    assert.equal(instant.expr, 'sum by (env) (my_metric)');
    assert.deepEqual(instant.expectedSeries[0]?.labels, { env: 'prod' });
    const range = script.commands[3] as EvalCommand;
    assert.deepEqual([range.startMs, range.endMs, range.stepMs], [0, 180_000, 60_000]);
    assert.equal(range.expectations.length, 2);
    assert.deepEqual(range.expectations[0]?.match, { kind: 'msg', text: 'PromQL warning: boom (1:15)' });
    assert.ok(range.expectations[1]?.match?.kind === 'regex');
  });

  it('reads scalars, strings, range vectors and the deprecated forms', () => {
    assert.equal(evalOf('eval instant at 50m time()\n  3000').expectedScalar, 3000);
    assert.equal(evalOf('eval instant at 50m ("Foo")\n  expect string `Foo`').expectedString, 'Foo');
    assert.equal(evalOf('eval instant at 50m ("Foo")\n  expect string " Foo "').expectedString, ' Foo ');
    const rv = evalOf('eval instant at 1m m[1m]\n  expect range vector from 10s to 1m step 10s\n  m 1 2 3');
    assert.deepEqual(rv.rangeVector, { startMs: 10_000, endMs: 60_000, stepMs: 10_000 });
    const deprecated = evalOf('eval_fail instant at 0 foo(\n  expected_fail_message boom');
    assert.deepEqual(deprecated.expectations, [{ type: 'fail' }]);
    assert.equal(deprecated.failMessage, 'boom');
    assert.equal(evalOf('eval_ordered instant at 10s1ms m').startMs, 10_001);
  });

  it('rejects what promqltest rejects, with the line', () => {
    const bad = (text: string, line: number) =>
      assert.throws(
        () => parseTestScript(text),
        (err: TestScriptError) => err instanceof TestScriptError && err.line === line,
      );
    bad('foo', 1);
    bad('load 1m\n  m 1\n\neval instant at 1m m\n  expect warn\n  expect no_warn', 6);
    bad('eval instant at 1m m\n  m 1 2', 2);
    bad('eval range from 2m to 1m step 1m m', 1);
    bad('eval instant at 1x m', 1);
    bad('eval instant at 1m m\n  expect sometimes', 2);
    bad('load 1m\n  m{a="b" 1', 2);
  });

  it('garbage only ever throws TestScriptError', () => {
    const words = fc.constantFrom(
      'load',
      'eval',
      'instant',
      'at',
      'range',
      'from',
      'to',
      'step',
      'expect',
      'fail',
      'msg:',
      'clear',
      '1m',
      'x',
      '{',
      '}',
      '"',
      '=',
      '_',
      '+',
      '1',
      '\n',
      ' ',
      '{{',
      'stale',
      'm',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(words, fc.string({ maxLength: 4 })), { maxLength: 30 }), (parts) => {
        try {
          parseTestScript(parts.join(' '));
        } catch (err) {
          assert.ok(err instanceof TestScriptError, String(err));
        }
      }),
      { numRuns: 500 },
    );
  });
});

const conformance = conformanceFiles(path.dirname(fileURLToPath(import.meta.url)));
describe('parsing the conformance files', () => {
  it(conformance === undefined ? 'skipped: ../shared/conformance/promql is absent' : 'parses every file', {
    skip: conformance === undefined,
  }, () => {
    const { dir, files } = conformance as NonNullable<typeof conformance>;
    let evals = 0;
    for (const file of files) {
      const script = parseTestScript(readFileSync(path.join(dir, file), 'utf8'));
      evals += script.commands.filter((c) => c.kind === 'eval').length;
    }
    assert.ok(files.length > 0 && evals > 100, `${files.length} files, ${evals} evals`);
  });
});
