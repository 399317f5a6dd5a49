import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidConfigError } from '../errors.js';
import { type MetricsHandlerOptions, resolveHandlerOptions } from './options.js';
import type { ReadinessChecks } from './readiness.js';

function rejects(options: unknown, key: string, message: RegExp): void {
  assert.throws(
    () => resolveHandlerOptions(options as MetricsHandlerOptions),
    (error: unknown) => {
      assert.ok(error instanceof InvalidConfigError);
      assert.equal(error.code, 'TELEMETER_ERR_INVALID_CONFIG');
      assert.equal(error.key, key);
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('resolveHandlerOptions', () => {
  it('applies the defaults', () => {
    assert.deepEqual(resolveHandlerOptions(), {
      path: '/metrics',
      healthPath: '/health',
      readyPath: '/ready',
      readiness: {},
      readinessTimeoutMs: 1000,
      gzip: true,
    });
  });

  it('keeps explicit values and false paths', () => {
    const check = () => true;
    const resolved = resolveHandlerOptions({
      path: '/internal/metrics',
      healthPath: false,
      readyPath: '/readyz',
      readiness: { db: check },
      readinessTimeoutMs: 250,
      gzip: false,
    });
    assert.equal(resolved.path, '/internal/metrics');
    assert.equal(resolved.healthPath, false);
    assert.equal(resolved.readyPath, '/readyz');
    assert.equal(resolved.readiness.db, check);
    assert.equal(resolved.readinessTimeoutMs, 250);
    assert.equal(resolved.gzip, false);
  });

  it('rejects paths that are not absolute URL paths', () => {
    rejects({ path: 'metrics' }, 'path', /starting with "\/".*got "metrics"/);
    rejects({ path: '/metrics?x=1' }, 'path', /without query/);
    rejects({ healthPath: 'health' }, 'healthPath', /healthPath must be/);
    rejects({ readyPath: 42 }, 'readyPath', /got 42/);
  });

  it('rejects colliding paths and says how to turn one off', () => {
    rejects({ path: '/health' }, 'path', /must differ.*false/);
    rejects({ healthPath: '/x', readyPath: '/x' }, 'path', /must differ/);
  });

  it('rejects readiness checks that are not functions, naming the check', () => {
    rejects(
      { readiness: { db: true } as unknown as ReadinessChecks },
      'readiness',
      /"db" must be a function/,
    );
    rejects({ readiness: 'db' }, 'readiness', /object of named check functions/);
  });

  it('rejects a bad timeout and a non-boolean gzip', () => {
    rejects({ readinessTimeoutMs: 0 }, 'readinessTimeoutMs', /positive/);
    rejects({ readinessTimeoutMs: Number.NaN }, 'readinessTimeoutMs', /got NaN/);
    rejects({ gzip: 'yes' }, 'gzip', /true or false/);
    rejects(null, 'options', /must be an object/);
  });
});
