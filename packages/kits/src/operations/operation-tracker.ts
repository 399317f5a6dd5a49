/**
 * Per-operation call metrics for anything that has named units of work: the tools of an MCP server,
 * the steps of an agent workflow, jobs, RPC handlers. See docs/kits/operations.md.
 */
import { isEnabled, OVERFLOW_LABEL_VALUE, type Registry, WARNING_CODES } from '@telemeter/core';
import { type OperationDecorator, operationDecorator } from './decorator.js';
import { InvalidOperationError } from './errors.js';
import { createOperationMetrics, type OperationMetrics } from './metrics.js';
import { OperationHandle } from './operation-handle.js';
import { OperationState, type StateContext } from './operation-state.js';
import { type OperationTrackerOptions, resolveOptions } from './options.js';
import { type OperationStats, operationStats } from './stats.js';
import { type AnyFunction, settle, wrapOperation } from './wrap.js';

export interface OperationRunOptions {
  /** The signal the work runs under: a failure caused by its abort counts as timeout or cancelled by its reason. */
  signal?: AbortSignal;
}

export class OperationTracker {
  readonly registry: Registry;
  /** The five metric families (shared with other trackers of the same registry and names). */
  readonly metrics: OperationMetrics;
  /**
   * `@tracker.decorator('name')` (or `@tracker.decorator()` for the method's own name) on a class
   * method. Bound, so `const tracked = tracker.decorator` works.
   */
  readonly decorator: (name?: string) => OperationDecorator;
  private readonly context: StateContext;
  private readonly maxOperations: number;
  private readonly states = new Map<string, OperationState>();
  private overflowState: OperationState | null = null;
  private unregistered = false;

  constructor(options: OperationTrackerOptions = {}) {
    const resolved = resolveOptions(options);
    this.registry = resolved.registry;
    this.maxOperations = resolved.maxOperations;
    this.metrics = createOperationMetrics({
      registry: resolved.registry,
      names: resolved.names,
      operationLabel: resolved.operationLabel,
      constantLabelNames: Object.keys(resolved.constantLabels),
      buckets: resolved.buckets,
      maxAgeSeconds: resolved.maxAgeSeconds,
      ageBuckets: resolved.ageBuckets,
    });
    this.context = {
      metrics: this.metrics,
      operationLabel: resolved.operationLabel,
      constantLabels: resolved.constantLabels,
      maxErrorTypes: resolved.maxErrorTypes,
      errorType: resolved.errorType,
      classify: resolved.classify,
    };
    this.decorator = (name) => {
      if (name !== undefined) checkName(name);
      return operationDecorator(name, (resolvedName, fn) => this.track(resolvedName, fn));
    };
  }

  /**
   * Returns `fn` wrapped so that every call is recorded as operation `name`: sync functions, functions
   * returning a promise (recorded when it settles), generators and async generators (recorded when
   * they finish, throw, or are closed early — `cancelled`). `this`, arguments, return values and errors
   * pass through unchanged. The operation's series exist (at 0) from this call on.
   * @throws InvalidOperationError when `name` is not a non-empty string or `fn` not a function.
   */
  track<F extends AnyFunction>(name: string, fn: F): F {
    checkName(name);
    if (typeof fn !== 'function') {
      throw new InvalidOperationError(name, `track("${name}", fn): fn must be a function, got ${typeof fn}`);
    }
    if (this.unregistered) return fn;
    return wrapOperation(this.stateFor(name), fn);
  }

  /**
   * Calls `fn()` now and records it as one call of `name` (as `track(name, fn)()` would, without
   * creating a wrapper). A failure caused by aborting `options.signal` counts by the signal's reason.
   */
  run<T>(name: string, fn: () => T, options?: OperationRunOptions): T {
    checkName(name);
    if (typeof fn !== 'function') {
      throw new InvalidOperationError(name, `run("${name}", fn): fn must be a function, got ${typeof fn}`);
    }
    const kind = Object.prototype.toString.call(fn);
    if (kind === '[object AsyncGeneratorFunction]' || kind === '[object GeneratorFunction]') {
      return this.track(name, fn)();
    }
    const state = this.unregistered || !isEnabled() ? null : this.stateFor(name);
    if (state === null || !state.active) return fn();
    const signal = options?.signal;
    const start = state.begin();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      state.fail(start, error, signal);
      throw error;
    }
    if (result instanceof Promise) return settle(state, start, result, undefined, signal) as T;
    state.succeed(start);
    return result;
  }

  /**
   * Starts one call of `name` by hand; end it with `handle.end(outcome?, error?)` or `handle.fail(error)`.
   * Never throws: a name that is not a string is converted with String().
   */
  begin(name: string, options?: OperationRunOptions): OperationHandle {
    const operation = typeof name === 'string' && name !== '' ? name : String(name) || 'unknown';
    const state = this.unregistered || !isEnabled() ? null : this.stateFor(operation);
    return new OperationHandle(state, state?.name ?? operation, options?.signal);
  }

  /** Per-operation digest (calls, success rate, error types, window p50/p95/p99, min/max), sorted by name. */
  stats(): OperationStats[] {
    const all = [...this.states.values()];
    if (this.overflowState !== null) all.push(this.overflowState);
    return all
      .map(operationStats)
      .sort((a, b) => (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0));
  }

  /** Names of the operations tracked so far (in first-tracked order). */
  get operations(): string[] {
    return [...this.states.keys()];
  }

  /**
   * Removes this tracker's series, and unregisters each family left with no series. Wrappers made
   * earlier keep working and record nothing; track() then returns functions unwrapped. Series are
   * shared with any other tracker of the same registry, names, operation and constant labels.
   */
  unregister(): void {
    if (this.unregistered) return;
    this.unregistered = true;
    const states = [...this.states.values()];
    if (this.overflowState !== null) states.push(this.overflowState);
    for (const state of states) {
      state.active = false;
      state.remove();
    }
    this.states.clear();
    this.overflowState = null;
    for (const metric of Object.values(this.metrics)) {
      if (typeof metric === 'object' && 'labelSetCount' in metric && metric.labelSetCount === 0) {
        if (this.registry.get(metric.name) === metric) this.registry.unregister(metric.name);
      }
    }
  }

  private stateFor(name: string): OperationState {
    const known = this.states.get(name);
    if (known !== undefined) return known;
    if (this.states.size < this.maxOperations) {
      const state = new OperationState(this.context, name);
      this.states.set(name, state);
      return state;
    }
    return this.overflow(name);
  }

  private overflow(name: string): OperationState {
    this.registry.selfMetrics.recordOverflow(this.metrics.names.calls);
    if (this.overflowState === null) {
      this.overflowState = new OperationState(this.context, OVERFLOW_LABEL_VALUE);
      process.emitWarning(
        `telemeter: operation tracker "${this.metrics.names.calls}" holds its maximum of ${this.maxOperations} operations; "${name}" and later new names are recorded as "${OVERFLOW_LABEL_VALUE}". Operation names must be a fixed set (tool or step names, never ids); raise maxOperations if the set is really that large.`,
        { code: WARNING_CODES.cardinality_overflow },
      );
    }
    return this.overflowState;
  }
}

function checkName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '') {
    throw new InvalidOperationError(
      '',
      `an operation name must be a non-empty string (a tool or step name, never an id), got ${JSON.stringify(name) ?? String(name)}`,
    );
  }
}

/** A tracker: `createOperationTracker({ registry, prefix, namespace, labels, buckets, maxAgeSeconds })`. */
export function createOperationTracker(options?: OperationTrackerOptions): OperationTracker {
  return new OperationTracker(options);
}
