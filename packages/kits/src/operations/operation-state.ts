/**
 * One operation's bound children, resolved once (when the operation is first tracked) so that a
 * call records through kept children: no label lookup, no label object, no string built per call.
 * Counters for all four outcomes are created up front and exported at 0, so that
 * `rate(..._calls_total{outcome="error"}[5m])` is 0 rather than absent before the first error
 * (alerts on absent series are a classic trap); duration children appear on first use.
 */
import {
  type CounterChild,
  type GaugeChild,
  type HistogramChild,
  OVERFLOW_LABEL_VALUE,
  type SummaryChild,
} from '@telemeter/core';
import type { OperationMetrics } from './metrics.js';
import { type FailureOutcome, OPERATION_OUTCOMES, type OperationOutcome, OUTCOME_INDEX } from './outcome.js';

type LabelObject = Record<string, string>;

/** What every state of one tracker shares. */
export interface StateContext {
  readonly metrics: OperationMetrics;
  readonly operationLabel: string;
  readonly constantLabels: Readonly<LabelObject>;
  /** Distinct error types kept per operation; later ones are counted as `__overflow__`. */
  readonly maxErrorTypes: number;
  /** Never throws (the tracker wraps user classifiers). */
  readonly errorType: (error: unknown) => string;
  readonly classify: (error: unknown, signal: AbortSignal | undefined) => FailureOutcome;
}

export class OperationState {
  readonly name: string;
  /** False once the tracker is unregistered: wrappers then call straight through. */
  active = true;
  readonly inFlight: GaugeChild;
  /** By OUTCOME_INDEX. */
  readonly calls: readonly CounterChild[];
  private readonly successCalls: CounterChild;
  private readonly durations: (HistogramChild | undefined)[] = [undefined, undefined, undefined, undefined];
  private successDuration: HistogramChild | undefined;
  private window: SummaryChild | undefined;
  /** error_type → child; insertion order is first-seen order. */
  readonly errorTypes = new Map<string, CounterChild>();
  private readonly context: StateContext;

  constructor(context: StateContext, name: string) {
    this.context = context;
    this.name = name;
    const { metrics } = context;
    this.inFlight = metrics.inFlight.labels(this.labels());
    this.calls = OPERATION_OUTCOMES.map((outcome) => metrics.calls.labels(this.labels({ outcome })));
    this.successCalls = this.calls[0]!;
  }

  /** Starts a call: in-flight +1, returns the start time for succeed()/fail()/finish(). */
  begin(): number {
    try {
      this.inFlight.inc();
    } catch {
      // Recording never throws by contract; the try is free until something breaks it anyway.
    }
    return performance.now();
  }

  /** The hot path: a call that returned. Returns the seconds it took. */
  succeed(start: number): number {
    const seconds = (performance.now() - start) / 1000;
    try {
      this.inFlight.dec();
      this.successCalls.inc();
      (this.successDuration ??= this.durationChild(0)).observe(seconds);
      (this.window ??= this.windowChild()).observe(seconds);
    } catch {
      // See begin().
    }
    return seconds;
  }

  /** A call that threw or rejected: classified as error, timeout or cancelled. */
  fail(start: number, error: unknown, signal: AbortSignal | undefined): number {
    return this.finish(start, this.context.classify(error, signal), error);
  }

  /** Ends a call with a known outcome; `error` gives the error_type of an `error` outcome (`_OTHER` if undefined). */
  finish(start: number, outcome: OperationOutcome, error: unknown): number {
    const seconds = (performance.now() - start) / 1000;
    try {
      const index = OUTCOME_INDEX[outcome];
      this.inFlight.dec();
      this.calls[index]!.inc();
      (this.durations[index] ??= this.durationChild(index)).observe(seconds);
      (this.window ??= this.windowChild()).observe(seconds);
      if (outcome === 'error') this.errorChild(this.context.errorType(error)).inc();
    } catch {
      // See begin().
    }
    return seconds;
  }

  /** The summary child, if this operation has finished at least once. */
  get windowSummary(): SummaryChild | undefined {
    return this.window;
  }

  /** Drops every series this operation created (children kept elsewhere become detached). */
  remove(): void {
    const { metrics } = this.context;
    metrics.inFlight.remove(this.labels());
    for (const outcome of OPERATION_OUTCOMES) {
      metrics.calls.remove(this.labels({ outcome }));
      if (this.durations[OUTCOME_INDEX[outcome]] !== undefined)
        metrics.duration.remove(this.labels({ outcome }));
    }
    if (this.window !== undefined) metrics.window.remove(this.labels());
    for (const type of this.errorTypes.keys()) metrics.errors.remove(this.labels({ error_type: type }));
  }

  private errorChild(type: string): CounterChild {
    const known = this.errorTypes.get(type);
    if (known !== undefined) return known;
    const key = this.errorTypes.size < this.context.maxErrorTypes ? type : OVERFLOW_LABEL_VALUE;
    let child = this.errorTypes.get(key);
    if (child === undefined) {
      child = this.context.metrics.errors.labels(this.labels({ error_type: key }));
      this.errorTypes.set(key, child);
    }
    return child;
  }

  private durationChild(index: number): HistogramChild {
    const child = this.context.metrics.duration.labels(this.labels({ outcome: OPERATION_OUTCOMES[index]! }));
    if (index === 0) this.successDuration = child;
    this.durations[index] = child;
    return child;
  }

  private windowChild(): SummaryChild {
    return this.context.metrics.window.labels(this.labels());
  }

  private labels(extra?: LabelObject): LabelObject {
    return { [this.context.operationLabel]: this.name, ...extra, ...this.context.constantLabels };
  }
}
