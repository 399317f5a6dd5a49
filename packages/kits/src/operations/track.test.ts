import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type HistogramPoint, Registry, type SummaryPoint } from '@telemeter/core';
import { deferred } from '../shared/testing/async.js';
import { pointOf, seriesOf, seriesValue } from '../shared/testing/metric-values.js';
import { createOperationTracker } from './operation-tracker.js';

function setup() {
  const registry = new Registry();
  return { registry, tracker: createOperationTracker({ registry }) };
}

const calls = (registry: Registry, operation: string, outcome: string) =>
  seriesValue(registry, 'operation_calls_total', { operation, outcome });

describe('track(): sync functions', () => {
  it('passes this, arguments and the return value through and counts successes', async () => {
    const { registry, tracker } = setup();
    const account = {
      balance: 10,
      add: tracker.track('add', function (this: { balance: number }, a: number, b: number) {
        this.balance += a + b;
        return this;
      }),
    };
    assert.equal(account.add(1, 2), account);
    assert.equal(account.add(3, 4), account);
    assert.equal(account.add(0, 0), account);
    assert.equal(account.balance, 20);
    assert.equal(await calls(registry, 'add', 'success'), 3);
    for (const outcome of ['error', 'timeout', 'cancelled'])
      assert.equal(await calls(registry, 'add', outcome), 0);
    assert.equal(
      (
        await pointOf<HistogramPoint>(registry, 'operation_duration_seconds', {
          operation: 'add',
          outcome: 'success',
        })
      )?.count,
      3,
    );
    assert.equal(
      (await pointOf<SummaryPoint>(registry, 'operation_duration_window_seconds', { operation: 'add' }))
        ?.count,
      3,
    );
    assert.equal(await seriesValue(registry, 'operation_in_flight', { operation: 'add' }), 0);
  });

  it('rethrows the same error object and counts it by type', async () => {
    const { registry, tracker } = setup();
    const thrown = new RangeError('out of range');
    const parse = tracker.track('parse', (input: string) => {
      if (input === 'bad') throw thrown;
      return input.length;
    });
    assert.equal(parse('ok'), 2);
    for (let i = 0; i < 2; i++) {
      assert.throws(
        () => parse('bad'),
        (error) => error === thrown,
      );
    }
    assert.equal(await calls(registry, 'parse', 'success'), 1);
    assert.equal(await calls(registry, 'parse', 'error'), 2);
    assert.equal(
      await seriesValue(registry, 'operation_errors_total', { operation: 'parse', error_type: 'RangeError' }),
      2,
    );
    assert.equal(
      (
        await pointOf<HistogramPoint>(registry, 'operation_duration_seconds', {
          operation: 'parse',
          outcome: 'error',
        })
      )?.count,
      2,
    );
    assert.equal(await seriesValue(registry, 'operation_in_flight', { operation: 'parse' }), 0);
  });

  it('keeps name and length, and constructs with new', () => {
    const { tracker } = setup();
    function handler(_err: unknown, _req: unknown, _res: unknown, _next: unknown) {}
    const wrapped = tracker.track('handler', handler);
    assert.equal(wrapped.name, 'handler');
    assert.equal(wrapped.length, 4);
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const MakePoint = tracker.track('point', Point as unknown as (x: number, y: number) => Point);
    const p = new (MakePoint as unknown as typeof Point)(1, 2);
    assert.ok(p instanceof Point);
    assert.equal(p.y, 2);
  });

  it('does not call then() on a thenable that is not a native promise (lazy query builders run on then)', async () => {
    const { registry, tracker } = setup();
    let thens = 0;
    const query = {
      // biome-ignore lint/suspicious/noThenProperty: a lazy thenable is the point of this test
      then(resolve: (v: number) => void) {
        thens++;
        resolve(1);
      },
    };
    const build = tracker.track('query', () => query);
    assert.equal(build(), query);
    assert.equal(thens, 0);
    assert.equal(await calls(registry, 'query', 'success'), 1);
  });
});

describe('track(): async functions', () => {
  it('resolves with the same value and records before the caller resumes', async () => {
    const { registry, tracker } = setup();
    const payload = { id: 1 };
    const load = tracker.track('load', async (ms: number) => {
      await sleep(ms);
      return payload;
    });
    assert.equal(await load(5), payload);
    assert.equal(await load(1), payload);
    assert.equal(await calls(registry, 'load', 'success'), 2);
    const point = await pointOf<HistogramPoint>(registry, 'operation_duration_seconds', {
      operation: 'load',
      outcome: 'success',
    });
    assert.equal(point?.count, 2);
    assert.ok(point !== undefined && point.sum >= 0.005 && point.sum < 5, `sum ${point?.sum}`);
  });

  it('rejects with the same error object and counts it', async () => {
    const { registry, tracker } = setup();
    const failure = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const connect = tracker.track('connect', async () => {
      await sleep(1);
      throw failure;
    });
    await assert.rejects(connect(), (error) => error === failure);
    await assert.rejects(connect(), (error) => error === failure);
    assert.equal(await calls(registry, 'connect', 'error'), 2);
    assert.equal(
      await seriesValue(registry, 'operation_errors_total', {
        operation: 'connect',
        error_type: 'ECONNREFUSED',
      }),
      2,
    );
  });

  it('counts calls in flight while they run and none after', async () => {
    const { registry, tracker } = setup();
    const gate = deferred<void>();
    const work = tracker.track('work', async () => {
      await gate.promise;
      return 'done';
    });
    const running = [work(), work(), work()];
    assert.equal(await seriesValue(registry, 'operation_in_flight', { operation: 'work' }), 3);
    assert.equal(await calls(registry, 'work', 'success'), 0);
    gate.resolve();
    assert.deepEqual(await Promise.all(running), ['done', 'done', 'done']);
    assert.equal(await seriesValue(registry, 'operation_in_flight', { operation: 'work' }), 0);
    assert.equal(await calls(registry, 'work', 'success'), 3);
  });

  it('classifies AbortSignal.timeout() as timeout and abort() as cancelled', async () => {
    const { registry, tracker } = setup();
    const wait = tracker.track('wait', (ms: number, options: { signal: AbortSignal }) =>
      sleep(ms, undefined, { signal: options.signal }),
    );
    await assert.rejects(wait(10_000, { signal: AbortSignal.timeout(5) }), { name: 'AbortError' });
    const controller = new AbortController();
    const pending = wait(10_000, { signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    assert.equal(await calls(registry, 'wait', 'timeout'), 1);
    assert.equal(await calls(registry, 'wait', 'cancelled'), 1);
    assert.equal(await calls(registry, 'wait', 'error'), 0);
    assert.deepEqual(await seriesOf(registry, 'operation_errors_total'), []);
  });

  it('classifies a thrown abort reason by the signal found in the arguments, and a TimeoutError by name', async () => {
    const { registry, tracker } = setup();
    class ShutdownError extends Error {}
    const reason = new ShutdownError('shutting down');
    const step = tracker.track('step', async (_input: string, extra: { signal: AbortSignal }) => {
      await sleep(1);
      extra.signal.throwIfAborted();
    });
    const controller = new AbortController();
    controller.abort(reason);
    await assert.rejects(step('x', { signal: controller.signal }), (error) => error === reason);
    // Same error without the signal in reach: an ordinary error.
    const bare = tracker.track('bare', async () => {
      throw reason;
    });
    await assert.rejects(bare(), (error) => error === reason);
    class TimeoutError extends Error {
      override name = 'TimeoutError';
    }
    const slow = tracker.track('slow', async () => {
      throw new TimeoutError('deadline passed');
    });
    await assert.rejects(slow(), { name: 'TimeoutError' });
    assert.equal(await calls(registry, 'step', 'cancelled'), 1);
    assert.equal(await calls(registry, 'bare', 'error'), 1);
    assert.equal(
      await seriesValue(registry, 'operation_errors_total', {
        operation: 'bare',
        error_type: 'ShutdownError',
      }),
      1,
    );
    assert.equal(await calls(registry, 'slow', 'timeout'), 1);
  });

  it('leaves an unhandled rejection unhandled (as without the wrapper)', () => {
    const module = fileURLToPath(new URL('./index.js', import.meta.url));
    const core = import.meta.resolve('@telemeter/core');
    const script = `
      import { Registry } from ${JSON.stringify(core)};
      import { createOperationTracker } from ${JSON.stringify(module)};
      const tracker = createOperationTracker({ registry: new Registry() });
      const fail = tracker.track('fail', async () => { throw new Error('nobody handles this'); });
      fail();
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /nobody handles this/);
  });
});

describe('track(): generators', () => {
  it('measures an async generator from the first next() until it finishes', async () => {
    const { registry, tracker } = setup();
    const owner = { prefix: 'item' };
    const list = tracker.track('list', async function* (this: typeof owner, n: number) {
      for (let i = 0; i < n; i++) {
        await sleep(1);
        yield `${this.prefix}-${i}`;
      }
      return 'end';
    });
    const iterator = list.call(owner, 3);
    assert.equal(
      await seriesValue(registry, 'operation_in_flight', { operation: 'list' }),
      0,
      'not started yet',
    );
    assert.deepEqual(await iterator.next(), { value: 'item-0', done: false });
    assert.equal(await seriesValue(registry, 'operation_in_flight', { operation: 'list' }), 1);
    assert.deepEqual(await iterator.next(), { value: 'item-1', done: false });
    assert.deepEqual(await iterator.next(), { value: 'item-2', done: false });
    assert.deepEqual(await iterator.next(), { value: 'end', done: true });
    assert.equal(await seriesValue(registry, 'operation_in_flight', { operation: 'list' }), 0);
    assert.equal(await calls(registry, 'list', 'success'), 1);
    const point = await pointOf<HistogramPoint>(registry, 'operation_duration_seconds', {
      operation: 'list',
      outcome: 'success',
    });
    assert.ok(point !== undefined && point.sum >= 0.003 && point.sum < 5, `sum ${point?.sum}`);
  });

  it('counts an early break as cancelled, a throw as error, and an unstarted generator as nothing', async () => {
    const { registry, tracker } = setup();
    const failure = new SyntaxError('bad chunk');
    let closed = 0;
    const stream = tracker.track('stream', async function* (fail: boolean) {
      try {
        yield 1;
        if (fail) throw failure;
        yield 2;
      } finally {
        closed++;
      }
    });
    for await (const chunk of stream(false)) {
      assert.equal(chunk, 1);
      break;
    }
    await assert.rejects(
      async () => {
        for await (const _ of stream(true));
      },
      (error) => error === failure,
    );
    stream(false); // never iterated
    assert.equal(closed, 2, "the inner generator's finally ran on break and on throw");
    assert.equal(await calls(registry, 'stream', 'cancelled'), 1);
    assert.equal(await calls(registry, 'stream', 'error'), 1);
    assert.equal(await calls(registry, 'stream', 'success'), 0);
    assert.equal(
      await seriesValue(registry, 'operation_errors_total', {
        operation: 'stream',
        error_type: 'SyntaxError',
      }),
      1,
    );
    assert.equal(await seriesValue(registry, 'operation_in_flight', { operation: 'stream' }), 0);
  });

  it('forwards values sent with next() and errors sent with throw()', async () => {
    const { registry, tracker } = setup();
    const echo = tracker.track('echo', async function* (): AsyncGenerator<string, void, string> {
      let received = yield 'ready';
      while (received !== 'stop') received = yield `got ${received}`;
    });
    const iterator = echo();
    assert.deepEqual(await iterator.next(), { value: 'ready', done: false });
    assert.deepEqual(await iterator.next('a'), { value: 'got a', done: false });
    const injected = new Error('consumer gave up');
    await assert.rejects(iterator.throw(injected), (error) => error === injected);
    assert.equal(await calls(registry, 'echo', 'error'), 1);
  });

  it('measures sync generators the same way', async () => {
    const { registry, tracker } = setup();
    const range = tracker.track('range', function* (n: number) {
      for (let i = 0; i < n; i++) yield i;
    });
    assert.deepEqual([...range(4)], [0, 1, 2, 3]);
    for (const i of range(10)) if (i === 2) break;
    assert.equal(await calls(registry, 'range', 'success'), 1);
    assert.equal(await calls(registry, 'range', 'cancelled'), 1);
  });
});
