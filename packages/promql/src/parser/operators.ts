// Binary operator precedence, shared by the parser and the printer (higher binds tighter).
// Prometheus: or < and, unless < comparisons < + - < * / % atan2 < ^ (right-associative).

export const PRECEDENCE: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '<=': 3,
  '<': 3,
  '>=': 3,
  '>': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  '^': 6,
};

/** `^`'s level: the operand of a unary +/- extends over `^` only (so -a^b is -(a^b)). */
export const POW_PRECEDENCE = 6;
