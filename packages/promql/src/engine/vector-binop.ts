// Arithmetic and comparison operators between two instant vectors (Prometheus's VectorBinop). Match
// signatures are computed once per series; at each step the "one" side is indexed by signature and
// every element of the "many" side looks up its partner. The errors for ambiguous matches are
// Prometheus's, word for word.
import { type Labels, labelsKey } from '@telemeter/storage';
import type { BinaryExpr, VectorMatching } from '../parser/ast.js';
import { DUPLICATE_LABELSET } from './collector.js';
import type { EvalContext } from './context.js';
import { executionError } from './errors.js';
import { held, releaseSeries } from './evaluator.js';
import {
  deleteLabels,
  dropMetricName,
  keepLabels,
  labelsString,
  matchLabels,
  matchSignatures,
  setLabel,
} from './labels.js';
import { arithmetic, compare, isComparison } from './operators.js';
import { type Grid, newStepSeries, type StepSeries } from './step-values.js';

interface Output {
  readonly series: StepSeries;
  /** The last step at which a match produced this output (kept or not). */
  lastStep: number;
}

function presentCounts(series: StepSeries[], n: number): Uint32Array {
  const counts = new Uint32Array(n);
  for (const s of series) for (let i = 0; i < n; i++) counts[i]! += s.present[i]!;
  return counts;
}

export async function vectorBinop(
  ctx: EvalContext,
  e: BinaryExpr,
  lhs: StepSeries[],
  rhs: StepSeries[],
  grid: Grid,
): Promise<StepSeries[]> {
  const matching: VectorMatching = e.matching ?? { card: 'one-to-one', on: false, labels: [], include: [] };
  const sigs = matchSignatures(matching.on, matching.labels, lhs, rhs);
  // One-to-many is many-to-one with the sides swapped (values are swapped back for the operator).
  const swapped = matching.card === 'one-to-many';
  const many = swapped ? rhs : lhs;
  const one = swapped ? lhs : rhs;
  const manySig = swapped ? sigs.r : sigs.l;
  const oneSig = swapped ? sigs.l : sigs.r;
  const manyCounts = presentCounts(many, grid.n);
  const oneCounts = presentCounts(one, grid.n);

  const cmp = isComparison(e.op);
  const oneAt = new Int32Array(sigs.count);
  const oneStamp = new Int32Array(sigs.count).fill(-1);
  const matchedStamp = new Int32Array(sigs.count).fill(-1);
  const byPair = new Map<number, Output>();
  const byLabels = new Map<string, Output>();
  const outputs: StepSeries[] = [];

  const outputFor = (m: number, o: number): Output => {
    const pair = m * one.length + o;
    let out = byPair.get(pair);
    if (out !== undefined) return out;
    const ms = many[m]!;
    const labels = resultLabels(ms.labels, one[o]!.labels, cmp, matching);
    const key = labelsKey(labels);
    out = byLabels.get(key);
    if (out === undefined) {
      const dropName = e.returnBool || (cmp && ms.dropName);
      out = { series: newStepSeries(labels, grid.n, dropName), lastStep: -1 };
      byLabels.set(key, out);
      outputs.push(out.series);
    }
    byPair.set(pair, out);
    return out;
  };

  for (let i = 0; i < grid.n; i++) {
    await ctx.checkpoint(many.length + one.length);
    if (manyCounts[i] === 0 || oneCounts[i] === 0) continue;
    for (let o = 0; o < one.length; o++) {
      if (one[o]!.present[i] !== 1) continue;
      const sig = oneSig[o]!;
      if (oneStamp[sig] === i)
        duplicateOnOneSide(matching, one[o]!.labels, one[oneAt[sig]!]!.labels, swapped);
      oneStamp[sig] = i;
      oneAt[sig] = o;
    }
    for (let m = 0; m < many.length; m++) {
      const ms = many[m]!;
      if (ms.present[i] !== 1) continue;
      const sig = manySig[m]!;
      if (oneStamp[sig] !== i) continue;
      const o = oneAt[sig]!;
      const mv = ms.values[i]!;
      const ov = one[o]!.values[i]!;
      const l = swapped ? ov : mv;
      const r = swapped ? mv : ov;
      let value: number;
      let keep = true;
      if (cmp) {
        keep = compare(e.op, l, r);
        value = e.returnBool ? (keep ? 1 : 0) : l;
      } else {
        value = arithmetic(e.op, l, r);
      }
      const out = outputFor(m, o);
      if (matching.card === 'one-to-one') {
        if (matchedStamp[sig] === i) {
          throw executionError(
            'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
          );
        }
        matchedStamp[sig] = i;
      } else if (out.lastStep === i) {
        throw executionError('multiple matches for labels: grouping labels must ensure unique matches');
      }
      out.lastStep = i;
      if (!keep && !e.returnBool) continue;
      const s = out.series;
      if (s.present[i] === 1) throw executionError(DUPLICATE_LABELSET);
      s.present[i] = 1;
      s.values[i] = value;
    }
  }
  releaseSeries(ctx, lhs);
  releaseSeries(ctx, rhs);
  return held(
    ctx,
    outputs.filter((s) => s.present.indexOf(1) !== -1),
  );
}

/**
 * The labels of a result element (Prometheus's resultMetric): the "many" side's labels, without
 * the metric name for arithmetic, cut down to the `on` labels (or without the `ignoring` ones) for
 * one-to-one matching, plus the `group_x(...)` labels copied from the "one" side.
 */
function resultLabels(many: Labels, one: Labels, cmp: boolean, matching: VectorMatching): Labels {
  let labels = cmp ? many : dropMetricName(many);
  if (matching.card === 'one-to-one') {
    const names = new Set(matching.labels);
    labels = matching.on ? keepLabels(labels, names) : deleteLabels(labels, names);
  }
  for (const name of matching.include) {
    let value = '';
    for (const l of one) if (l.name === name) value = l.value;
    labels = setLabel(labels, name, value);
  }
  return labels;
}

function duplicateOnOneSide(
  matching: VectorMatching,
  current: Labels,
  previous: Labels,
  swapped: boolean,
): never {
  const side = swapped ? 'left' : 'right';
  const group = labelsString(matchLabels(current, matching.on, matching.labels));
  const [a, b] = [labelsString(current), labelsString(previous)].sort();
  throw executionError(
    `found duplicate series for the match group ${group} on the ${side} hand-side of the operation: [${a}, ${b}]` +
      ';many-to-many matching not allowed: matching labels must be unique on one side',
  );
}
