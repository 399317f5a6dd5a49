import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Histogram } from './histogram.js';
import { Registry } from './registry.js';
import { startLabelledTimer, timeCall, timeLabelled, wrapTimed } from './timer.js';

const run = promisify(execFile);

function recorder() {
  const calls: { seconds: number; ok: boolean }[] = [];
  return { calls, done: (seconds: number, ok: boolean) => calls.push({ seconds, ok }) };
}

describe('timeCall', () => {
  it('returns a sync result and records success', () => {
    const { calls, done } = recorder();
    const result = { x: 1 };
    assert.equal(
      timeCall(() => result, done),
      result,
    );
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.ok, true);
    assert.ok(calls[0]!.seconds >= 0);
  });

  it('rethrows a sync error unchanged and records failure', () => {
    const { calls, done } = recorder();
    const error = new TypeError('bad');
    assert.throws(
      () =>
        timeCall(() => {
          throw error;
        }, done),
      (e: unknown) => e === error,
    );
    assert.deepEqual(
      calls.map((c) => c.ok),
      [false],
    );
  });

  it('returns a promise of the same value and records when it resolves', async () => {
    const { calls, done } = recorder();
    let resolve!: (v: object) => void;
    const promise = new Promise<object>((r) => {
      resolve = r;
    });
    const returned = timeCall(() => promise, done);
    assert.ok(returned instanceof Promise);
    assert.equal(calls.length, 0);
    const value = { v: 1 };
    resolve(value);
    assert.equal(await returned, value);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      calls.map((c) => c.ok),
      [true],
    );
  });

  it('rejects with the same error object, records failure, and adds no unhandled rejection when handled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { calls, done } = recorder();
      const error = new Error('nope');
      const promise = timeCall(() => Promise.reject(error), done);
      await assert.rejects(promise, (e: unknown) => e === error);
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(
        calls.map((c) => c.ok),
        [false],
      );
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('reports a rejection nobody handles as unhandledRejection, with the same error', async () => {
    // In a child process: node:test treats an unhandled rejection in the test process as a failure.
    const timer = new URL('./timer.js', import.meta.url).href;
    const script = `
      import { timeCall } from ${JSON.stringify(timer)};
      const error = new Error('dropped');
      let recorded = 0;
      process.on('unhandledRejection', (reason) => {
        console.log(JSON.stringify({ same: reason === error, recorded }));
      });
      timeCall(() => Promise.reject(error), () => recorded++); // the returned promise is dropped
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
    assert.deepEqual(JSON.parse(stdout), { same: true, recorded: 1 });
  });

  it('returns the derived promise of a thenable, and the thenable itself when then() returns nothing', async () => {
    const { calls, done } = recorder();
    let thens = 0;
    const query = {
      // biome-ignore lint/suspicious/noThenProperty: a non-Promise thenable is exactly what this test needs
      then(onOk: (v: number) => unknown, onError: (e: unknown) => unknown) {
        thens++;
        return Promise.resolve(7).then(onOk, onError);
      },
    };
    const returned = timeCall(() => query, done);
    assert.notEqual(returned, query);
    assert.equal(await returned, 7);
    assert.equal(thens, 1, 'the thenable runs once (awaiting it again would run it again)');
    assert.deepEqual(
      calls.map((c) => c.ok),
      [true],
    );
  });

  it('treats any thenable as async', async () => {
    const { calls, done } = recorder();
    const thenable = {
      // biome-ignore lint/suspicious/noThenProperty: a non-Promise thenable is exactly what this test needs
      then(onOk: (v: number) => void) {
        setImmediate(() => onOk(5));
      },
    };
    assert.equal(
      timeCall(() => thenable, done),
      thenable,
    );
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.equal(calls.length, 1);
  });
});

describe('labelled timers', () => {
  it('startLabelledTimer merges start and end labels', () => {
    const seen: (object | null)[] = [];
    const end = startLabelledTimer<readonly ['a', 'b']>((labels) => seen.push(labels), { a: '1' });
    assert.ok(end({ b: '2' }) >= 0);
    const end2 = startLabelledTimer<readonly ['a']>((labels) => seen.push(labels), undefined);
    end2();
    assert.deepEqual(seen, [{ a: '1', b: '2' }, {}]);
  });

  it('timeLabelled sets the outcome label', () => {
    const seen: (object | null)[] = [];
    timeLabelled(
      () => 1,
      { labels: { a: 'x' }, outcomeLabel: 'r' },
      (labels) => seen.push(labels),
    );
    assert.throws(() =>
      timeLabelled(
        () => {
          throw new Error('e');
        },
        { outcomeLabel: 'r' },
        (labels) => seen.push(labels),
      ),
    );
    assert.deepEqual(seen, [{ a: 'x', r: 'success' }, { r: 'error' }]);
  });

  it('wrapTimed preserves this, arguments, results and errors', async () => {
    const registry = new Registry();
    const h = new Histogram({ name: 'call_seconds', help: 'h', labelNames: ['outcome'], registry });
    const service = {
      factor: 3,
      multiply: h.timed(
        function (this: { factor: number }, a: number, b: number) {
          return this.factor * a * b;
        },
        { outcomeLabel: 'outcome' },
      ),
      fail: h.timed(
        async function (this: { factor: number }) {
          throw new RangeError(String(this.factor));
        },
        { outcomeLabel: 'outcome' },
      ),
    };
    assert.equal(service.multiply(2, 5), 30);
    await assert.rejects(service.fail(), (e: unknown) => e instanceof RangeError && e.message === '3');
    await new Promise((r) => setImmediate(r));
    assert.equal(h.labels({ outcome: 'success' }).get().count, 1);
    assert.equal(h.labels({ outcome: 'error' }).get().count, 1);
    const plain = wrapTimed(
      (x: number) => x + 1,
      undefined,
      () => {},
    );
    assert.equal(plain.call(undefined, 1), 2);
  });

  it('an outcomeLabel that is not declared is dropped as invalid labels, and fn still runs', () => {
    const registry = new Registry();
    const h = new Histogram({ name: 't_seconds', help: 'h', labelNames: ['a'], registry });
    assert.equal(
      h.time(() => 'ran', { labels: { a: 'x' }, outcomeLabel: 'nope' as never }),
      'ran',
    );
    assert.equal(registry.selfMetrics.droppedSamples('invalid_labels'), 1);
  });
});
