import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ValueType } from './ast.js';
import { format } from './format.js';
import { argTypeAt, arityOf, FUNCTIONS, type FunctionSignature, getFunction } from './functions.js';
import { parse } from './parser.js';

const DOCUMENTED: Record<ValueType, string> = {
  scalar: 'scalar',
  vector: 'instant vector',
  matrix: 'range vector',
  string: 'string',
};

/** An argument of the wanted type (info's second argument must be a bare label selector). */
function goodArg(sig: FunctionSignature, index: number): string {
  if (sig.argTypes.length === 0) return 'foo';
  const t = argTypeAt(sig, index);
  if (sig.name === 'info' && index === 1) return '{k="v"}';
  return { scalar: '1', vector: 'foo', matrix: 'foo[5m]', string: '"s"' }[t];
}

/** An argument of some other type, and that type. */
function badArg(t: ValueType): [string, ValueType] {
  return (
    {
      scalar: ['"s"', 'string'],
      vector: ['1', 'scalar'],
      matrix: ['foo', 'vector'],
      string: ['1', 'scalar'],
    } as const
  )[t] as [string, ValueType];
}

function call(sig: FunctionSignature, args: string[]): string {
  return `${sig.name}(${args.join(', ')})`;
}

function expectError(text: string, message: string, column: number): void {
  assert.throws(
    () => parse(text),
    (err: Error & { column?: number }) => {
      assert.equal(err.message, `1:${column}: parse error: ${message}`, text);
      return true;
    },
  );
}

describe('functions: the signature table', () => {
  it('has every function Prometheus documents', () => {
    const documented = [
      'abs',
      'absent',
      'absent_over_time',
      'acos',
      'acosh',
      'asin',
      'asinh',
      'atan',
      'atanh',
      'avg_over_time',
      'ceil',
      'changes',
      'clamp',
      'clamp_max',
      'clamp_min',
      'cos',
      'cosh',
      'count_over_time',
      'day_of_month',
      'day_of_week',
      'day_of_year',
      'days_in_month',
      'deg',
      'delta',
      'deriv',
      'double_exponential_smoothing',
      'exp',
      'floor',
      'histogram_avg',
      'histogram_count',
      'histogram_fraction',
      'histogram_quantile',
      'histogram_stddev',
      'histogram_stdvar',
      'histogram_sum',
      'hour',
      'idelta',
      'increase',
      'info',
      'irate',
      'label_join',
      'label_replace',
      'last_over_time',
      'ln',
      'log10',
      'log2',
      'mad_over_time',
      'max_over_time',
      'min_over_time',
      'minute',
      'month',
      'pi',
      'predict_linear',
      'present_over_time',
      'quantile_over_time',
      'rad',
      'rate',
      'resets',
      'round',
      'scalar',
      'sgn',
      'sin',
      'sinh',
      'sort',
      'sort_by_label',
      'sort_by_label_desc',
      'sort_desc',
      'sqrt',
      'stddev_over_time',
      'stdvar_over_time',
      'sum_over_time',
      'tan',
      'tanh',
      'time',
      'timestamp',
      'vector',
      'year',
      'first_over_time',
      'ts_of_first_over_time',
      'ts_of_last_over_time',
      'ts_of_max_over_time',
      'ts_of_min_over_time',
      'histogram_quantiles',
      'integral',
    ];
    for (const name of documented) assert.ok(getFunction(name), name);
    assert.equal(getFunction('holt_winters'), undefined, 'removed in Prometheus 3');
    assert.equal(getFunction('constructor'), undefined);
    assert.equal(getFunction('toString'), undefined);
  });

  it('computes arities from the variadic marker', () => {
    assert.deepEqual(arityOf(FUNCTIONS.rate as FunctionSignature), { min: 1, max: 1 });
    assert.deepEqual(arityOf(FUNCTIONS.round as FunctionSignature), { min: 1, max: 2 });
    assert.deepEqual(arityOf(FUNCTIONS.hour as FunctionSignature), { min: 0, max: 1 });
    assert.deepEqual(arityOf(FUNCTIONS.label_join as FunctionSignature), {
      min: 3,
      max: Number.POSITIVE_INFINITY,
    });
    assert.deepEqual(arityOf(FUNCTIONS.histogram_quantiles as FunctionSignature), { min: 3, max: 12 });
    assert.deepEqual(arityOf(FUNCTIONS.time as FunctionSignature), { min: 0, max: 0 });
  });

  it('rejects experimental functions when asked to', () => {
    assert.throws(() => parse('mad_over_time(foo[5m])', { disableExperimentalFunctions: true }), {
      message: '1:1: parse error: function "mad_over_time" is not enabled',
    });
    assert.equal(format(parse('mad_over_time(foo[5m])')), 'mad_over_time(foo[5m])');
  });

  it('reports unknown functions', () => {
    expectError(
      'non_existent_function_far_bar()',
      'unknown function with name "non_existent_function_far_bar"',
      1,
    );
    expectError('a > b()', 'unknown function with name "b"', 5);
  });
});

describe('functions: arity and argument types of every signature', () => {
  for (const sig of Object.values(FUNCTIONS)) {
    it(sig.name, () => {
      const { min, max } = arityOf(sig);
      const q = JSON.stringify(sig.name);
      const args = (n: number) => Array.from({ length: n }, (_, i) => goodArg(sig, i));
      // The fewest and the most arguments parse and type as declared.
      for (const n of [min, Number.isFinite(max) ? max : min + 3]) {
        const text = call(sig, args(n));
        assert.equal(format(parse(text)), text);
      }
      // One too few.
      if (min > 0) {
        const msg =
          sig.variadic === 0 ? `expected ${min} argument(s)` : `expected at least ${min} argument(s)`;
        expectError(call(sig, args(min - 1)), `${msg} in call to ${q}, got ${min - 1}`, 1);
      }
      // One too many.
      if (Number.isFinite(max)) {
        const msg =
          sig.variadic === 0 ? `expected ${max} argument(s)` : `expected at most ${max} argument(s)`;
        expectError(call(sig, args(max + 1)), `${msg} in call to ${q}, got ${max + 1}`, 1);
      }
      // A wrong type in each position, reported at that argument.
      const n = Number.isFinite(max) ? max : min + 1;
      for (let i = 0; i < n; i++) {
        const list = args(n);
        const want = argTypeAt(sig, i);
        const [bad, got] = badArg(want);
        list[i] = bad;
        const text = call(sig, list);
        const column = text.indexOf('(') + 2 + list.slice(0, i).reduce((sum, a) => sum + a.length + 2, 0);
        expectError(
          text,
          `expected type ${DOCUMENTED[want]} in call to function ${q}, got ${DOCUMENTED[got]}`,
          column,
        );
      }
    });
  }

  it("checks info's label-selector argument", () => {
    expectError(
      'info(foo, target_info{a="b"})',
      'expected label selectors only, got vector selector instead',
      11,
    );
    expectError('info(foo, {a="b"} == 1)', 'expected label selectors only', 11);
  });
});
