/**
 * The wrappers behind `tracker.track()`. They must be invisible to the code they wrap: same `this`,
 * same arguments, same return value, the same error object rethrown, `name` and `length` kept
 * (frameworks read `length`: Express tells error middleware by its 4 parameters).
 *
 * Promises. Only native promises (what every async function returns) are followed; another
 * thenable is measured as a synchronous call, because calling `then()` on a lazy thenable (a query
 * builder, a Mongoose query) runs it a second time. A tracked promise-returning call returns a new
 * promise that settles with the same value or the same rejection reason: attaching a handler to the
 * original and returning it would mark a rejection nobody handles as handled, hiding an
 * `unhandledRejection` the application would otherwise have seen.
 *
 * Generators. A generator is measured from its first `next()` until it finishes (success), throws
 * (classified as for calls), or is closed early by `return()` — `break` out of a `for await` — which is
 * `cancelled`. A generator that is never started records nothing. The caller gets the wrapper's
 * generator object, which forwards `next`, `throw` and `return` through `yield*`.
 */
import { isEnabled } from '@telemeter/core';
import type { OperationState } from './operation-state.js';
import { findSignal } from './outcome.js';

// biome-ignore lint/suspicious/noExplicitAny: wrappers accept any function signature
export type AnyFunction = (this: any, ...args: any[]) => any;

/** `[object AsyncGeneratorFunction]` etc.: the function's kind, fixed when it was written. */
function kindOf(fn: AnyFunction): string {
  return Object.prototype.toString.call(fn);
}

/** Wraps `fn` so that every call is recorded into `state`. */
export function wrapOperation<F extends AnyFunction>(state: OperationState, fn: F): F {
  const kind = kindOf(fn);
  const wrapped =
    kind === '[object AsyncGeneratorFunction]'
      ? wrapAsyncGenerator(state, fn)
      : kind === '[object GeneratorFunction]'
        ? wrapGenerator(state, fn)
        : wrapCall(state, fn);
  Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
  return wrapped as F;
}

function wrapCall(state: OperationState, fn: AnyFunction): AnyFunction {
  return function tracked(this: unknown, ...args: unknown[]): unknown {
    // `new wrapper()` constructs fn itself (unmeasured): instances get fn's prototype, subclasses theirs.
    if (new.target !== undefined)
      return Reflect.construct(fn, args, new.target === tracked ? fn : new.target);
    if (!state.active || !isEnabled()) return Reflect.apply(fn, this, args);
    const start = state.begin();
    let result: unknown;
    try {
      result = Reflect.apply(fn, this, args);
    } catch (error) {
      state.fail(start, error, findSignal(args));
      throw error;
    }
    if (result instanceof Promise) return settle(state, start, result, args, undefined);
    state.succeed(start);
    return result;
  };
}

/** Records when `promise` settles; resolves/rejects with exactly what it does. */
export function settle<T>(
  state: OperationState,
  start: number,
  promise: Promise<T>,
  args: readonly unknown[] | undefined,
  signal: AbortSignal | undefined,
): Promise<T> {
  return promise.then(
    (value) => {
      state.succeed(start);
      return value;
    },
    (error: unknown) => {
      state.fail(start, error, signal ?? (args === undefined ? undefined : findSignal(args)));
      throw error;
    },
  );
}

function wrapAsyncGenerator(state: OperationState, fn: AnyFunction): AnyFunction {
  return async function* trackedGenerator(this: unknown, ...args: unknown[]): AsyncGenerator<unknown> {
    const inner = Reflect.apply(fn, this, args) as AsyncGenerator<unknown>;
    if (!state.active || !isEnabled()) return yield* inner;
    const run = new GeneratorRun(state, args);
    try {
      return run.returned(yield* inner);
    } catch (error) {
      throw run.threw(error);
    } finally {
      run.closed();
    }
  };
}

function wrapGenerator(state: OperationState, fn: AnyFunction): AnyFunction {
  return function* trackedGenerator(this: unknown, ...args: unknown[]): Generator<unknown> {
    const inner = Reflect.apply(fn, this, args) as Generator<unknown>;
    if (!state.active || !isEnabled()) return yield* inner;
    const run = new GeneratorRun(state, args);
    try {
      return run.returned(yield* inner);
    } catch (error) {
      throw run.threw(error);
    } finally {
      run.closed();
    }
  };
}

/**
 * One measured run of a generator, sync or async (the two can share no body: `yield*` differs).
 * Started by the generator's first `next()`; ends by returning, throwing, or neither — closed
 * early by `return()`, which is `cancelled`.
 */
class GeneratorRun {
  private readonly state: OperationState;
  private readonly args: unknown[];
  private readonly start: number;
  private ended = false;

  constructor(state: OperationState, args: unknown[]) {
    this.state = state;
    this.args = args;
    this.start = state.begin();
  }

  returned<T>(value: T): T {
    this.ended = true;
    this.state.succeed(this.start);
    return value;
  }

  /** Records the failure; returns `error` for the caller to rethrow as is. */
  threw(error: unknown): unknown {
    this.ended = true;
    this.state.fail(this.start, error, findSignal(this.args));
    return error;
  }

  /** From `finally`: a run that neither returned nor threw was closed early. */
  closed(): void {
    if (!this.ended) this.state.finish(this.start, 'cancelled', undefined);
  }
}
