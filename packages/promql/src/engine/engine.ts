// The PromQL engine: instant and range queries with Prometheus 3.x semantics over anything that
// hands out storage Queriers (a storage DB, or createQuerier over a Head in tests).
import { compareLabels, type Querier } from '@telemeter/storage';
import { KernelArgumentError } from '../functions/index.js';
import { type Expr, exprType, type ValueType } from '../parser/ast.js';
import { parse } from '../parser/parser.js';
import { DUPLICATE_LABELSET, mergeSameLabelsets } from './collector.js';
import { EvalContext } from './context.js';
import { PromQLError, tooManySamplesError } from './errors.js';
import { evalExpr } from './evaluator.js';
import { dropMetricName } from './labels.js';
import { toPoints } from './range-input.js';
import type { Grid, StepSeries } from './step-values.js';
import { selectionBounds } from './time-bounds.js';
import type { Matrix, QueryResult, Series, Vector } from './values.js';

/** Where queries read from: a storage DB is one. */
export interface Queryable {
  querier(mint: number, maxt: number): Querier;
}

export interface EngineOptions {
  /** How far back an instant selector looks for a sample (default 5 minutes). */
  readonly lookbackDeltaMs?: number;
  /** Most samples a query may hold in memory at once (default 50 million). */
  readonly maxSamples?: number;
  /** Longest a query may run (default 2 minutes). */
  readonly timeoutMs?: number;
  /** Step of subqueries written without one, like `x[1h:]` (default 1 minute). */
  readonly defaultSubqueryStepMs?: number;
}

export interface QueryOptions {
  readonly signal?: AbortSignal;
  /** Overrides the engine's lookback delta for this query. */
  readonly lookbackDeltaMs?: number;
}

const DOCUMENTED_TYPE: Readonly<Record<ValueType, string>> = {
  scalar: 'scalar',
  vector: 'instant vector',
  matrix: 'range vector',
  string: 'string',
};

export class Engine {
  readonly lookbackDeltaMs: number;
  readonly maxSamples: number;
  readonly timeoutMs: number;
  readonly defaultSubqueryStepMs: number;

  constructor(options: EngineOptions = {}) {
    this.lookbackDeltaMs = positive(options.lookbackDeltaMs, 300_000, 'lookbackDeltaMs');
    this.maxSamples = positive(options.maxSamples, 50_000_000, 'maxSamples');
    this.timeoutMs = positive(options.timeoutMs, 120_000, 'timeoutMs');
    this.defaultSubqueryStepMs = positive(options.defaultSubqueryStepMs, 60_000, 'defaultSubqueryStepMs');
  }

  /** Evaluates the expression at one instant. */
  instantQuery(
    queryable: Queryable,
    exprOrText: Expr | string,
    timeMs: number,
    options: QueryOptions = {},
  ): Promise<QueryResult> {
    return this.run(queryable, exprOrText, { start: timeMs, step: 1, n: 1 }, timeMs, false, options);
  }

  /** Evaluates the expression at start, start + step, ..., up to end; the result is always a matrix. */
  rangeQuery(
    queryable: Queryable,
    exprOrText: Expr | string,
    startMs: number,
    endMs: number,
    stepMs: number,
    options: QueryOptions = {},
  ): Promise<QueryResult> {
    if (!(stepMs > 0)) {
      return Promise.reject(
        new PromQLError(
          'TM_PROMQL_BAD_QUERY',
          'zero or negative query resolution step widths are not accepted. Try a positive integer',
        ),
      );
    }
    if (endMs < startMs) {
      return Promise.reject(
        new PromQLError('TM_PROMQL_BAD_QUERY', 'end timestamp must not be before start time'),
      );
    }
    const n = Math.floor((endMs - startMs) / stepMs) + 1;
    // Every series of the result could hold n points: more than maxSamples can never succeed.
    if (n > this.maxSamples) return Promise.reject(tooManySamplesError());
    return this.run(queryable, exprOrText, { start: startMs, step: stepMs, n }, endMs, true, options);
  }

  private async run(
    queryable: Queryable,
    exprOrText: Expr | string,
    grid: Grid,
    endMs: number,
    isRange: boolean,
    options: QueryOptions,
  ): Promise<QueryResult> {
    const text = typeof exprOrText === 'string' ? exprOrText : undefined;
    const expr = typeof exprOrText === 'string' ? parse(exprOrText) : exprOrText;
    const type = exprType(expr);
    if (isRange && type !== 'scalar' && type !== 'vector') {
      throw new PromQLError(
        'TM_PROMQL_BAD_QUERY',
        `invalid expression type "${DOCUMENTED_TYPE[type]}" for range query, must be Scalar or instant Vector`,
      );
    }
    const lookbackDeltaMs = options.lookbackDeltaMs ?? this.lookbackDeltaMs;
    const startMs = grid.start;
    const { mint, maxt } = selectionBounds(expr, { startMs, endMs, lookbackDeltaMs });
    if (options.signal?.aborted)
      throw new PromQLError('TM_PROMQL_CANCELLED', 'query was canceled in query execution');
    const querier = queryable.querier(mint, maxt);
    try {
      const ctx = new EvalContext({
        querier,
        lookbackDeltaMs,
        defaultSubqueryStepMs: this.defaultSubqueryStepMs,
        queryStartMs: startMs,
        queryEndMs: endMs,
        queryStepMs: isRange ? grid.step : 0,
        maxSamples: this.maxSamples,
        deadline: Date.now() + this.timeoutMs,
        signal: options.signal,
      });
      const value = await evaluate(ctx, expr, grid);
      const { warnings, infos } = ctx.annotations.render(text);
      switch (value.kind) {
        case 'scalar':
          if (isRange) {
            const series = [
              { labels: [], dropName: false, values: value.values, present: new Uint8Array(grid.n).fill(1) },
            ];
            return { resultType: 'matrix', result: toMatrix(series, grid), warnings, infos };
          }
          return { resultType: 'scalar', result: { t: startMs, v: value.values[0]! }, warnings, infos };
        case 'string':
          return { resultType: 'string', result: { t: startMs, v: value.value }, warnings, infos };
        case 'vector':
          if (isRange) return { resultType: 'matrix', result: toMatrix(value.series, grid), warnings, infos };
          return { resultType: 'vector', result: toVector(value.series, startMs), warnings, infos };
        case 'matrix': {
          const byKey = value.series.map((s) => ({
            labels: s.dropName ? dropMetricName(s.labels) : s.labels,
            ts: s.ts,
            vs: s.vs,
          }));
          return { resultType: 'matrix', result: sortMatrix(mergePoints(byKey)), warnings, infos };
        }
      }
    } finally {
      querier.close();
    }
  }
}

function positive(v: number | undefined, fallback: number, name: string): number {
  if (v === undefined || v === 0) return fallback;
  if (!(v > 0)) throw new PromQLError('TM_PROMQL_BAD_QUERY', `${name} must be positive, got ${v}`);
  return v;
}

async function evaluate(ctx: EvalContext, expr: Expr, grid: Grid) {
  try {
    return await evalExpr(ctx, expr, grid);
  } catch (err) {
    if (err instanceof KernelArgumentError) throw new PromQLError('TM_PROMQL_EXECUTION', err.message);
    throw err;
  }
}

/** The final instant vector: delayed name removal applied; equal label sets are an error. */
function toVector(series: StepSeries[], t: number): Vector {
  const out: Vector = [];
  const seen = new Set<string>();
  for (const s of series) {
    if (s.present[0] !== 1) continue;
    const labels = s.dropName ? dropMetricName(s.labels) : s.labels;
    const key = JSON.stringify(labels);
    if (seen.has(key)) throw new PromQLError('TM_PROMQL_EXECUTION', DUPLICATE_LABELSET);
    seen.add(key);
    out.push({ labels, t, v: s.values[0]! });
  }
  return out;
}

/** The final range result: names dropped, same-labelled series merged, sorted by labels. */
function toMatrix(series: StepSeries[], grid: Grid): Matrix {
  for (const s of series) if (s.dropName) s.labels = dropMetricName(s.labels);
  const merged = mergeSameLabelsets(series);
  const out: Series[] = [];
  for (const s of merged) {
    const { ts, vs } = toPoints(s, grid);
    if (ts.length > 0) out.push({ labels: s.labels, ts, vs });
  }
  return sortMatrix(out);
}

/** Merges range-vector series whose labels became equal; overlapping timestamps are an error. */
function mergePoints(series: Series[]): Series[] {
  const byKey = new Map<string, Series[]>();
  for (const s of series) {
    const key = JSON.stringify(s.labels);
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [s]);
    else list.push(s);
  }
  const out: Series[] = [];
  for (const list of byKey.values()) {
    if (list.length === 1) {
      out.push(list[0]!);
      continue;
    }
    const points = list.flatMap((s) => Array.from(s.ts, (t, i) => [t, s.vs[i]!] as const));
    points.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < points.length; i++) {
      if (points[i]![0] === points[i - 1]![0])
        throw new PromQLError('TM_PROMQL_EXECUTION', DUPLICATE_LABELSET);
    }
    out.push({
      labels: list[0]!.labels,
      ts: Float64Array.from(points, (p) => p[0]),
      vs: Float64Array.from(points, (p) => p[1]),
    });
  }
  return out;
}

function sortMatrix(m: Series[]): Series[] {
  return m.sort((a, b) => compareLabels(a.labels, b.labels));
}
