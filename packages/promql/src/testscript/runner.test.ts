import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTestScript } from './runner.js';
import { fakeEngine } from './testing/fake-engine.js';

const run = (text: string) =>
  runTestScript(text, { engine: fakeEngine, file: 'x.test', stepInvarianceChecks: false });

const LOAD = [
  'load 1m',
  '  m{a="1"} 1+1x4',
  '  m{a="2"} 10 _ 30 stale',
  '  h{a="1"} 1 {{schema:0 sum:1 count:1}}',
  '',
];

describe('runTestScript', () => {
  it('passes matching instant and range results', async () => {
    const r = await run(
      [
        ...LOAD,
        'eval instant at 2m m',
        '  m{a="1"} 3',
        '  m{a="2"} 30',
        '',
        'eval range from 0 to 4m step 1m m',
        '  m{a="1"} 1+1x4',
        '  m{a="2"} 10 10 30 _ _',
        '',
        'eval instant at 1m 42',
        '  42',
      ].join('\n'),
    );
    assert.deepEqual(r, { passed: 3, failed: 0, skipped: 0, failures: [] });
  });

  it('reports mismatched values, missing and unexpected series with the line', async () => {
    const r = await run(
      [
        ...LOAD,
        'eval instant at 2m m',
        '  m{a="1"} 4',
        '  m{a="2"} 30',
        '',
        'eval instant at 2m m',
        '  m{a="1"} 3',
        '',
      ].join('\n'),
    );
    assert.equal(r.failed, 2);
    assert.equal(r.failures[0]?.line, 6);
    assert.match(r.failures[0]?.message ?? '', /x\.test:6: .*expected 4 for m\{a="1"\} but got 3/);
    assert.match(r.failures[1]?.message ?? '', /unexpected metric m\{a="2"\}/);
  });

  it('checks expected failures and annotations', async () => {
    const r = await run(
      [
        ...LOAD,
        'eval instant at 1m fail',
        '  expect fail regex: on purpose',
        '',
        'eval instant at 1m fail',
        '  expect fail msg: something else',
        '',
        'eval instant at 1m m',
        '  expect fail',
        '',
        'eval instant at 1m warn m',
        '  expect warn msg: PromQL warning: careful (1:1)',
        '  m{a="1"} 2',
        '  m{a="2"} 10',
        '',
        'eval instant at 1m warn m',
        '  expect no_warn',
        '  m{a="1"} 2',
        '  m{a="2"} 10',
      ].join('\n'),
    );
    assert.equal(r.passed, 2);
    assert.deepEqual(
      r.failures.map((f) => f.line),
      [9, 12, 20],
    );
  });

  it('skips cases that read or expect native histograms', async () => {
    const r = await run(
      [...LOAD, 'eval instant at 1m h', '  h{a="1"} 1', '', 'eval instant at 1m m_h', ''].join('\n'),
    );
    assert.equal(r.skipped, 1);
    assert.equal(r.passed, 1);
  });

  it('clear empties the storage', async () => {
    const r = await run([...LOAD, 'clear', '', 'eval instant at 1m m', ''].join('\n'));
    assert.deepEqual([r.passed, r.failed], [1, 0]);
  });

  it('checks ordering only when asked to', async () => {
    const unordered = ['eval instant at 2m m', '  m{a="2"} 30', '  m{a="1"} 3'];
    const r = await run(
      [
        ...LOAD,
        ...unordered,
        '',
        'eval instant at 2m m',
        '  expect ordered',
        '  m{a="2"} 30',
        '  m{a="1"} 3',
      ].join('\n'),
    );
    assert.equal(r.passed, 1);
    assert.match(r.failures[0]?.message ?? '', /at position 2 but was at 1/);
  });
});
