// The arithmetic and comparison operators on two floats, with Go's math semantics where they differ
// from JavaScript's.
import type { BinaryOp } from '../parser/ast.js';

/** Go's math.Pow: 1 to any power is 1, and -1 to an infinite power is 1 (JavaScript gives NaN). */
function goPow(x: number, y: number): number {
  if (x === 1) return 1;
  if (x === -1 && (y === Number.POSITIVE_INFINITY || y === Number.NEGATIVE_INFINITY)) return 1;
  return x ** y;
}

/** An arithmetic operator's result. */
export function arithmetic(op: BinaryOp, l: number, r: number): number {
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return l / r;
    case '%':
      return l % r;
    case '^':
      return goPow(l, r);
    case 'atan2':
      return Math.atan2(l, r);
    default:
      throw new Error(`not an arithmetic operator: ${op}`);
  }
}

/** Whether a comparison holds. */
export function compare(op: BinaryOp, l: number, r: number): boolean {
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '>':
      return l > r;
    case '<':
      return l < r;
    case '>=':
      return l >= r;
    case '<=':
      return l <= r;
    default:
      throw new Error(`not a comparison operator: ${op}`);
  }
}

export function isComparison(op: BinaryOp): boolean {
  return op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=';
}
