// The signature of every PromQL function; the parser type-checks calls against it and the engine
// dispatches on `name`. Mirrors Prometheus 3.x's parser/functions.go (incl. its experimental ones).
import type { ValueType } from './ast.js';

export interface FunctionSignature {
  readonly name: string;
  readonly argTypes: readonly ValueType[];
  /** 0: exactly argTypes; n > 0: up to n optional trailing args; -1: unlimited (see below). */
  readonly variadic: number;
  readonly returnType: ValueType;
  /** Marked experimental in Prometheus (behind --enable-feature=promql-experimental-functions). */
  readonly experimental?: boolean;
}

// Variadic semantics (Prometheus): with variadic = 0 the call takes exactly argTypes.length args.
// With variadic = n > 0 it takes argTypes.length - 1 up to argTypes.length - 1 + n args (the last
// argType is optional and, for n > 1, repeatable). With -1 it takes at least argTypes.length - 1 args,
// the last argType repeating without limit.

const S: ValueType = 'scalar';
const V: ValueType = 'vector';
const M: ValueType = 'matrix';
const STR: ValueType = 'string';

function fn(
  name: string,
  argTypes: ValueType[],
  returnType: ValueType,
  variadic = 0,
  experimental = false,
): FunctionSignature {
  return Object.freeze({
    name,
    argTypes: Object.freeze(argTypes),
    variadic,
    returnType,
    ...(experimental ? { experimental: true } : {}),
  });
}

const ELEMENTWISE = [
  'abs',
  'absent',
  'acos',
  'acosh',
  'asin',
  'asinh',
  'atan',
  'atanh',
  'ceil',
  'cos',
  'cosh',
  'deg',
  'exp',
  'floor',
  'histogram_avg',
  'histogram_count',
  'histogram_sum',
  'histogram_stddev',
  'histogram_stdvar',
  'ln',
  'log10',
  'log2',
  'rad',
  'sgn',
  'sin',
  'sinh',
  'sort',
  'sort_desc',
  'sqrt',
  'tan',
  'tanh',
  'timestamp',
];
const OVER_TIME = [
  'absent_over_time',
  'avg_over_time',
  'changes',
  'count_over_time',
  'delta',
  'deriv',
  'idelta',
  'increase',
  'irate',
  'last_over_time',
  'max_over_time',
  'min_over_time',
  'present_over_time',
  'rate',
  'resets',
  'stddev_over_time',
  'stdvar_over_time',
  'sum_over_time',
];
const OVER_TIME_EXPERIMENTAL = [
  'first_over_time',
  'mad_over_time',
  'ts_of_first_over_time',
  'ts_of_last_over_time',
  'ts_of_max_over_time',
  'ts_of_min_over_time',
];
const DATE = [
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'hour',
  'minute',
  'month',
  'year',
];

function buildFunctions(): Record<string, FunctionSignature> {
  const all: FunctionSignature[] = [
    ...ELEMENTWISE.map((name) => fn(name, [V], V)),
    ...OVER_TIME.map((name) => fn(name, [M], V)),
    ...OVER_TIME_EXPERIMENTAL.map((name) => fn(name, [M], V, 0, true)),
    ...DATE.map((name) => fn(name, [V], V, 1)),
    fn('clamp', [V, S, S], V),
    fn('clamp_max', [V, S], V),
    fn('clamp_min', [V, S], V),
    fn('double_exponential_smoothing', [M, S, S], V, 0, true),
    fn('histogram_fraction', [S, S, V], V),
    fn('histogram_quantile', [S, V], V),
    fn('histogram_quantiles', [V, STR, S, S], V, 9, true),
    fn('info', [V, V], V, 1, true),
    fn('integral', [M, S], V, 1, true),
    fn('label_join', [V, STR, STR, STR], V, -1),
    fn('label_replace', [V, STR, STR, STR, STR], V),
    fn('pi', [], S),
    fn('predict_linear', [M, S], V),
    fn('quantile_over_time', [S, M], V),
    fn('round', [V, S], V, 1),
    fn('scalar', [V], S),
    fn('sort_by_label', [V, STR], V, -1, true),
    fn('sort_by_label_desc', [V, STR], V, -1, true),
    fn('time', [], S),
    fn('vector', [S], V),
    // Query-parameter functions (experimental): the query's start, end, step and end - start.
    fn('start', [], S, 0, true),
    fn('end', [], S, 0, true),
    fn('step', [], S, 0, true),
    fn('range', [], S, 0, true),
    fn('min_of', [S, S], S, 0, true),
    fn('max_of', [S, S], S, 0, true),
  ];
  const table: Record<string, FunctionSignature> = Object.create(null);
  for (const sig of all.sort((a, b) => (a.name < b.name ? -1 : 1))) table[sig.name] = sig;
  return Object.freeze(table);
}

/** Every function, by name (a null-prototype object: `FUNCTIONS['constructor']` is undefined). */
export const FUNCTIONS: Readonly<Record<string, FunctionSignature>> = buildFunctions();

/** The signature of `name`, or undefined for an unknown function. */
export function getFunction(name: string): FunctionSignature | undefined {
  return FUNCTIONS[name];
}

/** The fewest and most arguments a call may pass (`max` is Infinity for unlimited variadics). */
export function arityOf(sig: FunctionSignature): { min: number; max: number } {
  const n = sig.argTypes.length;
  if (sig.variadic === 0) return { min: n, max: n };
  if (sig.variadic < 0) return { min: n - 1, max: Number.POSITIVE_INFINITY };
  return { min: n - 1, max: n - 1 + sig.variadic };
}

/** The expected type of argument `index` (the last argType repeats for variadic calls). */
export function argTypeAt(sig: FunctionSignature, index: number): ValueType {
  const types = sig.argTypes;
  return types[Math.min(index, types.length - 1)] as ValueType;
}
