import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runReadinessChecks } from './readiness.js';

describe('runReadinessChecks', () => {
  it('is ok with no checks', async () => {
    assert.deepEqual(await runReadinessChecks({}), { status: 'ok', failed: [], checks: {} });
  });

  it('passes checks returning true, undefined or resolving', async () => {
    const report = await runReadinessChecks({
      sync: () => true,
      nothing: () => {},
      promise: async () => {},
      promiseTrue: async () => true,
    });
    assert.equal(report.status, 'ok');
    assert.deepEqual(report.failed, []);
    assert.deepEqual(Object.keys(report.checks), ['sync', 'nothing', 'promise', 'promiseTrue']);
    for (const result of Object.values(report.checks)) assert.deepEqual(result, { status: 'ok' });
  });

  it('fails checks that return false, throw, reject or time out, naming each with its reason', async () => {
    const report = await runReadinessChecks(
      {
        ok: () => true,
        no: () => false,
        asyncNo: async () => false,
        throws: () => {
          throw new Error('db down');
        },
        rejects: () => Promise.reject(new Error('cache unreachable')),
        rejectsString: () => Promise.reject('plain string'),
        hangs: () => new Promise<void>(() => {}),
      },
      30,
    );
    assert.equal(report.status, 'unavailable');
    assert.deepEqual(report.failed, ['no', 'asyncNo', 'throws', 'rejects', 'rejectsString', 'hangs']);
    assert.deepEqual(report.checks, {
      ok: { status: 'ok' },
      no: { status: 'failed', error: 'returned false' },
      asyncNo: { status: 'failed', error: 'returned false' },
      throws: { status: 'failed', error: 'db down' },
      rejects: { status: 'failed', error: 'cache unreachable' },
      rejectsString: { status: 'failed', error: 'plain string' },
      hangs: { status: 'failed', error: 'timed out after 30 ms' },
    });
  });
});
