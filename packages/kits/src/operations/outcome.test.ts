import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorTypeOf, OTHER_ERROR_TYPE } from '../shared/error-type.js';
import { classifyFailure, findSignal } from './outcome.js';

/** The error an API really rejects with, for the given signal. */
async function rejection(signal: AbortSignal): Promise<unknown> {
  try {
    await sleep(10_000, undefined, { signal });
  } catch (error) {
    return error;
  }
  throw new Error('sleep was not aborted');
}

describe('classifyFailure', () => {
  it('reads real timeouts and aborts from Node APIs', async () => {
    assert.equal(classifyFailure(await rejection(AbortSignal.timeout(1))), 'timeout');
    const controller = new AbortController();
    const pending = rejection(controller.signal);
    controller.abort();
    assert.equal(classifyFailure(await pending), 'cancelled');
    const timedOut = AbortSignal.timeout(1);
    await rejection(timedOut); // AbortSignal.timeout()'s own timer is unref'd: wait on a ref'd one
    assert.equal(classifyFailure(timedOut.reason), 'timeout', 'the DOMException TimeoutError itself');
    assert.equal(
      classifyFailure(AbortSignal.abort().reason),
      'cancelled',
      'the DOMException AbortError itself',
    );
  });

  it('recognises timeout codes, and causes down the chain', () => {
    const code = (c: string) => Object.assign(new Error(c), { code: c });
    assert.equal(classifyFailure(code('ETIMEDOUT')), 'timeout');
    assert.equal(classifyFailure(code('UND_ERR_HEADERS_TIMEOUT')), 'timeout');
    assert.equal(classifyFailure(code('ECONNRESET')), 'error');
    assert.equal(classifyFailure(new Error('tool failed', { cause: code('ETIMEDOUT') })), 'timeout');
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    assert.equal(classifyFailure(new Error('step failed', { cause: abort })), 'cancelled');
  });

  it('lets an aborted signal decide when the error is its reason', () => {
    const reason = new Error('user pressed stop');
    const controller = new AbortController();
    assert.equal(classifyFailure(reason, controller.signal), 'error', 'not aborted yet');
    controller.abort(reason);
    assert.equal(classifyFailure(reason, controller.signal), 'cancelled');
    assert.equal(classifyFailure(new Error('wrapped', { cause: reason }), controller.signal), 'cancelled');
    assert.equal(classifyFailure(new Error('unrelated'), controller.signal), 'error');
    const deadline = new AbortController();
    deadline.abort(Object.assign(new Error('deadline passed'), { name: 'TimeoutError' }));
    assert.equal(classifyFailure(deadline.signal.reason, deadline.signal), 'timeout');
  });

  it('never throws, whatever is thrown', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    assert.equal(classifyFailure(hostile), 'error');
    assert.equal(classifyFailure(undefined), 'error');
    assert.equal(classifyFailure('a string'), 'error');
    const cyclic: { cause?: unknown } = new Error('cycle');
    cyclic.cause = cyclic;
    assert.equal(classifyFailure(cyclic), 'error');
  });
});

describe('errorTypeOf', () => {
  it('prefers a string code, then a specific name, then the constructor, then an integer code', () => {
    class QuotaError extends Error {}
    class NamedError extends Error {
      override name = 'NamedError';
    }
    assert.equal(errorTypeOf(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })), 'ECONNREFUSED');
    assert.equal(errorTypeOf(new TypeError('x')), 'TypeError');
    assert.equal(errorTypeOf(new QuotaError('x')), 'QuotaError');
    assert.equal(errorTypeOf(new NamedError('x')), 'NamedError');
    assert.equal(
      errorTypeOf(AbortSignal.abort().reason),
      'AbortError',
      'DOMException: name over its numeric code',
    );
    assert.equal(errorTypeOf(Object.assign(new Error('x'), { code: 503 })), '503');
    assert.equal(errorTypeOf(new Error('x')), 'Error');
  });

  it('maps non-errors to _OTHER and bounds the length', () => {
    for (const thrown of ['message', 42, undefined, null, { message: 'plain object' }]) {
      assert.equal(errorTypeOf(thrown), OTHER_ERROR_TYPE, String(thrown));
    }
    assert.equal(errorTypeOf(Object.assign(new Error('x'), { code: 'X'.repeat(500) })).length, 64);
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    assert.equal(errorTypeOf(hostile), OTHER_ERROR_TYPE);
  });
});

describe('findSignal', () => {
  it('finds a signal argument or an own signal data property, and runs no getters', () => {
    const { signal } = new AbortController();
    assert.equal(findSignal([1, signal]), signal);
    assert.equal(findSignal(['q', { signal }]), signal);
    let getterRan = false;
    const withGetter = {
      get signal() {
        getterRan = true;
        return signal;
      },
    };
    assert.equal(findSignal([withGetter]), undefined);
    assert.equal(getterRan, false);
    assert.equal(findSignal([null, 'x', 3]), undefined);
  });
});
