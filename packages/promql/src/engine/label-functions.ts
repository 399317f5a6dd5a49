// label_replace and label_join: they relabel whole series (values untouched). Relabelled series
// that end up with equal label sets are merged, which fails if they overlap in time.
import { anchoredGoRegExp, getLabel, METRIC_NAME_LABEL } from '@telemeter/storage';
import { type Call, type Expr, unwrapParens } from '../parser/ast.js';
import { isValidUtf8 } from '../parser/strings.js';
import { mergeSameLabelsets } from './collector.js';
import type { EvalContext } from './context.js';
import { executionError } from './errors.js';
import { evalVector } from './evaluator.js';
import { setLabel } from './labels.js';
import type { Grid, StepSeries } from './step-values.js';

function stringArg(e: Expr | undefined): string {
  const x = e && unwrapParens(e);
  if (x?.type !== 'StringLiteral') throw executionError('expected a string literal argument');
  return x.value;
}

/**
 * A label name Prometheus 3.x accepts: non-empty valid UTF-8. Invalid bytes reach us as a lone
 * surrogate or as U+FFFD, the replacement character.
 */
export function isValidLabelName(name: string): boolean {
  return name.length > 0 && isValidUtf8(name) && !name.includes('\uFFFD');
}

/**
 * Go's Regexp.ExpandString: `$1`, `${1}`, `$name`, `${name}` insert groups (a name is the longest
 * run of letters, digits and underscores, so `$1x` names group "1x"), `$$` is a dollar sign, and a
 * group that does not exist or did not take part inserts nothing.
 */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c !== '$' || i + 1 >= template.length) {
      out += c;
      i++;
      continue;
    }
    const next = template[i + 1]!;
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    let name: string;
    let end: number;
    if (next === '{') {
      const close = template.indexOf('}', i + 2);
      name = close < 0 ? '' : template.slice(i + 2, close);
      if (close < 0 || !/^\w+$/.test(name)) {
        out += c;
        i++;
        continue;
      }
      end = close + 1;
    } else {
      const m = /^\w+/.exec(template.slice(i + 1));
      if (m === null) {
        out += c;
        i++;
        continue;
      }
      name = m[0];
      end = i + 1 + name.length;
    }
    out += groupValue(match, name);
    i = end;
  }
  return out;
}

function groupValue(match: RegExpExecArray, name: string): string {
  if (/^\d+$/.test(name)) {
    const n = Number(name);
    return n < match.length ? (match[n] ?? '') : '';
  }
  return match.groups?.[name] ?? '';
}

export async function evalLabelReplace(ctx: EvalContext, call: Call, grid: Grid): Promise<StepSeries[]> {
  const dst = stringArg(call.args[1]);
  const repl = stringArg(call.args[2]);
  const src = stringArg(call.args[3]);
  const pattern = stringArg(call.args[4]);
  let re: RegExp;
  try {
    re = anchoredGoRegExp(pattern);
  } catch {
    throw executionError(`invalid regular expression in label_replace(): ${pattern}`);
  }
  if (!isValidLabelName(dst))
    throw executionError(`invalid destination label name in label_replace(): ${dst}`);
  const series = await evalVector(ctx, call.args[0]!, grid);
  for (const s of series) {
    const m = re.exec(getLabel(s.labels, src));
    if (m === null) continue;
    s.labels = setLabel(s.labels, dst, expandTemplate(repl, m));
    if (dst === METRIC_NAME_LABEL) s.dropName = false;
  }
  return mergeSameLabelsets(series);
}

export async function evalLabelJoin(ctx: EvalContext, call: Call, grid: Grid): Promise<StepSeries[]> {
  const dst = stringArg(call.args[1]);
  const sep = stringArg(call.args[2]);
  const srcs = call.args.slice(3).map(stringArg);
  for (const src of srcs) {
    if (!isValidLabelName(src)) throw executionError(`invalid source label name in label_join(): ${src}`);
  }
  if (!isValidLabelName(dst)) throw executionError(`invalid destination label name in label_join(): ${dst}`);
  const series = await evalVector(ctx, call.args[0]!, grid);
  for (const s of series) {
    const value = srcs.map((src) => getLabel(s.labels, src)).join(sep);
    s.labels = setLabel(s.labels, dst, value);
    if (dst === METRIC_NAME_LABEL) s.dropName = false;
  }
  return mergeSameLabelsets(series);
}
