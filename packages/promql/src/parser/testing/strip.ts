// Test helper: an AST without positions, with selector matchers in printed order, for deep comparisons.
import type { LabelMatcher } from '@telemeter/storage';
import type { Expr, VectorSelector } from '../ast.js';
import { formatMatcher } from '../format.js';

function byPrinted(a: LabelMatcher, b: LabelMatcher): number {
  const x = formatMatcher(a);
  const y = formatMatcher(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function stripPositions(expr: Expr): unknown {
  return JSON.parse(
    JSON.stringify(expr, (key, value: unknown) => {
      if (key === 'posRange') return undefined;
      if (key === 'func') return (value as { name: string }).name;
      if (typeof value === 'number' && !Number.isFinite(value)) return `num:${value}`;
      if (typeof value === 'number' && Object.is(value, -0)) return 'num:-0';
      if (value !== null && typeof value === 'object' && (value as Expr).type === 'VectorSelector') {
        const vs = value as VectorSelector;
        const named = vs.name !== undefined ? 1 : 0;
        const matchers = [...vs.matchers.slice(0, named), ...vs.matchers.slice(named).sort(byPrinted)];
        return { ...vs, matchers };
      }
      return value;
    }),
  );
}
