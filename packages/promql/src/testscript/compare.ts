// Compares a query result with an eval command's expectations the way promqltest does:
// values within 1e-6 relative (util/almost.Equal), NaN equal to NaN, series matched by labels,
// order checked only for `expect ordered`, range results required to be sorted by labels.

import { compareLabels, formatLabels, type Labels, labelsFromRecord, labelsKey } from '@telemeter/storage';
import type { QueryResult, Vector } from '../engine/values.js';
import { almostEqual } from '../functions/almost-equal.js';
import type { EvalCommand, ExpectedSeries } from './script.js';

export const DEFAULT_EPSILON = 1e-6;

/** Where the expected points of a matrix result lie in time. */
export interface PointGrid {
  startMs: number;
  endMs: number;
  stepMs: number;
}

function expectedByKey(cmd: EvalCommand): Map<string, { series: ExpectedSeries; labels: Labels }> {
  const map = new Map<string, { series: ExpectedSeries; labels: Labels }>();
  for (const series of cmd.expectedSeries) {
    const labels = labelsFromRecord(series.labels);
    map.set(labelsKey(labels), { series, labels });
  }
  return map;
}

const fmt = (v: number): string => (Number.isNaN(v) ? 'NaN' : String(v));

function missing(seen: Set<string>, expected: Map<string, { labels: Labels }>): string | undefined {
  for (const [key, e] of expected)
    if (!seen.has(key)) return `expected metric ${formatLabels(e.labels)} not found`;
  return undefined;
}

/** Checks a vector result; returns the first mismatch, or undefined. */
export function compareVector(cmd: EvalCommand, vector: Vector, ordered: boolean): string | undefined {
  if (cmd.expectedScalar !== undefined) return `expected scalar result, but got a vector of ${vector.length}`;
  const expected = expectedByKey(cmd);
  const seen = new Set<string>();
  for (let pos = 0; pos < vector.length; pos++) {
    const sample = vector[pos] as Vector[number];
    const key = labelsKey(sample.labels);
    const e = expected.get(key);
    if (e === undefined)
      return `unexpected metric ${formatLabels(sample.labels)} in result, has value ${fmt(sample.v)}`;
    if (ordered && e.series.position !== pos + 1) {
      return `expected metric ${formatLabels(sample.labels)} at position ${e.series.position} but was at ${pos + 1}`;
    }
    const first = e.series.values[0];
    if (first?.kind === 'float' && !almostEqual(first.value, sample.v, DEFAULT_EPSILON)) {
      return `expected ${fmt(first.value)} for ${formatLabels(sample.labels)} but got ${fmt(sample.v)}`;
    }
    seen.add(key);
  }
  return missing(seen, expected);
}

/** Checks a result against everything the eval command expects. */
export function compareResult(
  cmd: EvalCommand,
  result: QueryResult,
  grid: PointGrid,
  ordered: boolean,
): string | undefined {
  switch (result.resultType) {
    case 'matrix': {
      if (ordered) return 'expected ordered result, but query returned a matrix';
      if (cmd.expectedScalar !== undefined) return 'expected scalar result, but got a matrix';
      const matrix = result.result;
      for (let i = 1; i < matrix.length; i++) {
        const prev = (matrix[i - 1] as (typeof matrix)[number]).labels;
        const cur = (matrix[i] as (typeof matrix)[number]).labels;
        if (compareLabels(prev, cur) > 0) {
          return `matrix results should always be sorted by labels, but ${formatLabels(cur)} follows ${formatLabels(prev)}`;
        }
      }
      const expected = expectedByKey(cmd);
      const seen = new Set<string>();
      for (const series of matrix) {
        const key = labelsKey(series.labels);
        const e = expected.get(key);
        if (e === undefined) return `unexpected metric ${formatLabels(series.labels)} in result`;
        seen.add(key);
        const expTs: number[] = [];
        const expVs: number[] = [];
        for (let i = 0; i < e.series.values.length; i++) {
          const t = grid.startMs + i * grid.stepMs;
          if (t > grid.endMs) {
            return `expected ${e.series.values.length} points for ${formatLabels(e.labels)}, but query time range cannot return this many points`;
          }
          const v = e.series.values[i];
          if (v?.kind === 'float') {
            expTs.push(t);
            expVs.push(v.value);
          }
        }
        const got = (): string =>
          Array.from(series.ts, (t, i) => `${fmt(series.vs[i] as number)} @[${t}]`).join(', ');
        if (expTs.length !== series.ts.length) {
          return `expected ${expTs.length} float points for ${formatLabels(e.labels)}, but got ${series.ts.length}: ${got()}`;
        }
        for (let i = 0; i < expTs.length; i++) {
          if (expTs[i] !== series.ts[i]) {
            return `expected float value at index ${i} for ${formatLabels(e.labels)} to have timestamp ${expTs[i]}, but it had timestamp ${series.ts[i]} (${got()})`;
          }
          if (!almostEqual(series.vs[i] as number, expVs[i] as number, DEFAULT_EPSILON)) {
            return `expected float value at index ${i} (t=${series.ts[i]}) for ${formatLabels(e.labels)} to be ${fmt(expVs[i] as number)}, but got ${fmt(series.vs[i] as number)}`;
          }
        }
      }
      return missing(seen, expected);
    }
    case 'vector':
      return compareVector(cmd, result.result, ordered);
    case 'scalar': {
      if (cmd.expectedScalar === undefined)
        return `expected vector or matrix result, but got scalar ${fmt(result.result.v)}`;
      if (!almostEqual(cmd.expectedScalar, result.result.v, DEFAULT_EPSILON)) {
        return `expected scalar ${fmt(cmd.expectedScalar)} but got ${fmt(result.result.v)}`;
      }
      return undefined;
    }
    case 'string':
      if (cmd.expectedString !== result.result.v) {
        return `expected string "${cmd.expectedString ?? ''}" but got "${result.result.v}"`;
      }
      return undefined;
  }
}

/** The annotation checks of promqltest's checkAnnotations. */
export function checkAnnotations(cmd: EvalCommand, warnings: string[], infos: string[]): string | undefined {
  for (const [type, noType, actual] of [
    ['warn', 'no_warn', warnings],
    ['info', 'no_info', infos],
  ] as const) {
    const expected = cmd.expectations.filter((e) => e.type === type);
    if (expected.length > 0) {
      if (actual.length === 0) return `expected ${type} annotations but none were found`;
      const matches = (e: (typeof expected)[number], text: string): boolean =>
        e.match === undefined || (e.match.kind === 'msg' ? e.match.text === text : e.match.regex.test(text));
      for (const e of expected) {
        if (!actual.some((text) => matches(e, text))) {
          const wanted =
            e.match === undefined ? '' : e.match.kind === 'msg' ? e.match.text : String(e.match.regex);
          return `expected ${type} annotation matching ${JSON.stringify(wanted)} but found: ${JSON.stringify(actual)}`;
        }
      }
      for (const text of actual) {
        if (!expected.some((e) => matches(e, text)))
          return `unexpected ${type} annotation ${JSON.stringify(text)}`;
      }
    }
    if (cmd.expectations.some((e) => e.type === noType) && actual.length > 0) {
      return `unexpected ${type} annotations: ${JSON.stringify(actual)}`;
    }
  }
  return undefined;
}

/** Whether an evaluation error is the one the command expects (deprecated forms included). */
export function checkExpectedFailure(cmd: EvalCommand, message: string): string | undefined {
  if (cmd.failMessage !== undefined && cmd.failMessage !== '' && cmd.failMessage !== message) {
    return `expected error ${JSON.stringify(cmd.failMessage)}, but got: ${message}`;
  }
  if (cmd.failRegexp !== undefined && !cmd.failRegexp.test(message)) {
    return `expected error matching pattern ${String(cmd.failRegexp)}, but got: ${message}`;
  }
  const fail = cmd.expectations.find((e) => e.type === 'fail');
  if (fail?.match !== undefined) {
    const ok = fail.match.kind === 'msg' ? fail.match.text === message : fail.match.regex.test(message);
    if (!ok) {
      const wanted = fail.match.kind === 'msg' ? fail.match.text : String(fail.match.regex);
      return `expected error matching ${JSON.stringify(wanted)}, but got: ${message}`;
    }
  }
  return undefined;
}
