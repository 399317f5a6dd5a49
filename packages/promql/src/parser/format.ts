// The canonical printer (Prometheus's Expr.String()): one line, Prometheus's spacing, matchers
// sorted, durations normalised ("90s" prints "1m30s"). For trees built by hand it also adds the
// parentheses that precedence requires, so parse(format(e)) always means e.
import type { LabelMatcher } from '@telemeter/storage';
import type { AtModifier, BinaryExpr, Expr, VectorMatching, VectorSelector } from './ast.js';
import { formatDuration } from './duration.js';
import { formatNumber } from './numbers.js';
import { PRECEDENCE } from './operators.js';
import { METRIC_NAME } from './selectors.js';
import { goQuote } from './strings.js';
import { NON_METRIC_WORDS } from './token-stream.js';

export { formatNumber };

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Names the lexer reads as keywords or numbers, so they must be quoted to select a metric. */
const RESERVED_METRIC_NAMES: ReadonlySet<string> = new Set([...NON_METRIC_WORDS, 'inf', 'nan']);

/** Where a child sits under its parent, for deciding on parentheses. */
export type ChildSlot = 'lhs' | 'rhs' | 'unary' | 'subquery';

/**
 * Whether `child` needs parentheses in `slot` of `parent` to parse back to the same tree. Parsed
 * trees never do (they keep their ParenExpr nodes); hand-built trees may.
 */
export function needsParens(child: Expr, parent: Expr, slot: ChildSlot): boolean {
  const negativeNumber = child.type === 'NumberLiteral' && (child.value < 0 || Object.is(child.value, -0));
  if (slot === 'subquery') return child.type === 'BinaryExpr' || child.type === 'UnaryExpr' || negativeNumber;
  if (slot === 'unary') return child.type === 'BinaryExpr' && child.op !== '^';
  const p = PRECEDENCE[(parent as BinaryExpr).op] as number;
  const pow = (parent as BinaryExpr).op === '^';
  if (child.type === 'BinaryExpr') {
    const c = PRECEDENCE[child.op] as number;
    if (c !== p) return c < p;
    return pow ? slot === 'lhs' : slot === 'rhs';
  }
  // `-a ^ b` reads as -(a ^ b).
  if (pow && slot === 'lhs') return child.type === 'UnaryExpr' || negativeNumber;
  return false;
}

function wrap(child: Expr, parent: Expr, slot: ChildSlot): string {
  const s = format(child);
  return needsParens(child, parent, slot) ? `(${s})` : s;
}

function labelName(name: string): string {
  return LABEL_NAME.test(name) ? name : goQuote(name);
}

function joinLabels(labels: readonly string[]): string {
  return labels.map(labelName).join(', ');
}

/** One matcher as printed: `name="value"`, the name quoted when it is not a plain label name. */
export function formatMatcher(m: LabelMatcher): string {
  return `${labelName(m.name)}${m.type}${goQuote(m.value)}`;
}

function formatAt(at: AtModifier | undefined): string {
  if (at === undefined) return '';
  if (at === 'start' || at === 'end') return ` @ ${at}()`;
  // %.3f of at/1000, exactly: milliseconds are integers.
  const abs = Math.abs(at);
  const secs = Math.floor(abs / 1000);
  const frac = String(abs - secs * 1000).padStart(3, '0');
  return ` @ ${at < 0 ? '-' : ''}${secs}.${frac}`;
}

function formatOffset(ms: number): string {
  if (ms > 0) return ` offset ${formatDuration(ms)}`;
  if (ms < 0) return ` offset -${formatDuration(-ms)}`;
  return '';
}

function selectorBody(vs: VectorSelector): string {
  const name = vs.name;
  const labels: string[] = [];
  for (const m of vs.matchers) {
    if (m.name === METRIC_NAME && m.type === '=' && m.value === name && name !== '') continue;
    labels.push(formatMatcher(m));
  }
  labels.sort();
  if (name !== undefined && name !== '') {
    if (!METRIC_NAME_RE.test(name) || RESERVED_METRIC_NAMES.has(name.toLowerCase())) {
      return `{${[goQuote(name), ...labels].join(',')}}`;
    }
    return labels.length === 0 ? name : `${name}{${labels.join(',')}}`;
  }
  return `{${labels.join(',')}}`;
}

function formatMatching(m: VectorMatching | undefined): string {
  if (m === undefined) return '';
  const grouped = m.card === 'many-to-one' || m.card === 'one-to-many';
  if (!m.on && m.labels.length === 0 && !grouped) return '';
  let s = ` ${m.on ? 'on' : 'ignoring'} (${joinLabels(m.labels)})`;
  if (grouped) s += ` group_${m.card === 'many-to-one' ? 'left' : 'right'} (${joinLabels(m.include)})`;
  return s;
}

/** Prints `a + b + c ...` chains (left-nested trees) without recursing down the left side. */
function formatBinary(expr: BinaryExpr): string {
  const chain: BinaryExpr[] = [expr];
  let e = expr;
  while (e.lhs.type === 'BinaryExpr' && !needsParens(e.lhs, e, 'lhs')) {
    e = e.lhs;
    chain.push(e);
  }
  let s = wrap(e.lhs, e, 'lhs');
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i] as BinaryExpr;
    const bool = node.returnBool ? ' bool' : '';
    s = `${s} ${node.op}${bool}${formatMatching(node.matching)} ${wrap(node.rhs, node, 'rhs')}`;
  }
  return s;
}

/** Prints an expression canonically; `parse(format(e))` equals `e` (positions aside). */
export function format(expr: Expr): string {
  switch (expr.type) {
    case 'NumberLiteral':
      return formatNumber(expr.value);
    case 'StringLiteral':
      return goQuote(expr.value);
    case 'VectorSelector':
      return `${selectorBody(expr)}${formatAt(expr.at)}${formatOffset(expr.offsetMs)}`;
    case 'MatrixSelector': {
      const vs = expr.vectorSelector;
      return `${selectorBody(vs)}[${formatDuration(expr.rangeMs)}]${formatAt(vs.at)}${formatOffset(vs.offsetMs)}`;
    }
    case 'SubqueryExpr': {
      const step = expr.stepMs !== 0 ? formatDuration(expr.stepMs) : '';
      const inner = wrap(expr.expr, expr, 'subquery');
      return `${inner}[${formatDuration(expr.rangeMs)}:${step}]${formatAt(expr.at)}${formatOffset(expr.offsetMs)}`;
    }
    case 'AggregateExpr': {
      let s: string = expr.op;
      if (expr.without) s += ` without (${joinLabels(expr.grouping)}) `;
      else if (expr.grouping.length > 0) s += ` by (${joinLabels(expr.grouping)}) `;
      const param = expr.param !== undefined ? `${format(expr.param)}, ` : '';
      return `${s}(${param}${format(expr.expr)})`;
    }
    case 'BinaryExpr':
      return formatBinary(expr);
    case 'UnaryExpr':
      return `${expr.op}${wrap(expr.expr, expr, 'unary')}`;
    case 'ParenExpr':
      return `(${format(expr.expr)})`;
    case 'Call':
      return `${expr.func.name}(${expr.args.map(format).join(', ')})`;
  }
}
