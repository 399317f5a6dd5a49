import type { Labels } from '../types.js';
import { escapeLabelValue } from './escape.js';
import { encode, type TextSink } from './text-sink.js';

/**
 * The label block of a point is written once per point (a histogram point re-copies its bytes for
 * its other lines), from pieces encoded once per family: for labels `a, b` the prefixes are
 * `{a="` and `",b="`, and a block is left open after the last value (`{a="x",b="y`) so that it can
 * be closed either with `"} ` or with `",le="0.1"} `.
 */
export interface LabelPieces {
  readonly prefixes: readonly Uint8Array[];
  readonly hasLabels: boolean;
  /** Closes a block before the value: `"} `, or ` ` without labels. */
  readonly close: Uint8Array;
}

export function labelPieces(labelNames: readonly string[]): LabelPieces {
  return {
    prefixes: labelNames.map((name, i) => encode(`${i === 0 ? '{' : '",'}${name}="`)),
    hasLabels: labelNames.length > 0,
    close: encode(labelNames.length > 0 ? '"} ' : ' '),
  };
}

/** Writes the open label block of one point (nothing when the family has no labels). */
export function writeOpenLabels(sink: TextSink, pieces: LabelPieces, values: readonly string[]): void {
  const prefixes = pieces.prefixes;
  for (let i = 0; i < prefixes.length; i++) {
    sink.writeBytes(prefixes[i]!);
    sink.writeLabelValue(values[i] ?? '');
  }
}

/**
 * The closing pieces that add one more label (`le`, `quantile`) to an open block:
 * `",le="0.005"} ` with other labels, `{le="0.005"} ` without.
 */
export function extraLabelClosers(
  pieces: LabelPieces,
  name: string,
  values: readonly string[],
): Uint8Array[] {
  const open = pieces.hasLabels ? `",${name}="` : `{${name}="`;
  return values.map((value) => encode(`${open}${value}"} `));
}

/** The `le` values of a histogram family's buckets, `+Inf` last. */
export function leValues(bounds: readonly number[], format: (bound: number) => string): string[] {
  return [...bounds.map(format), '+Inf'];
}

/**
 * Writes `<name><labels + closer><value>` lines sharing one label block, as histogram buckets and
 * summary quantiles do: the name and labels are written once, then re-copied for each line.
 * `values[i]` (or `missing` past its end) is line i's value; `suffix(extras[i])`, when given, is
 * appended to line i (exemplars). Returns the byte range of the open label block, for the
 * `_sum`/`_count` lines that follow.
 */
export function writeLabelledLines<E>(
  sink: TextSink,
  lineName: Uint8Array,
  labels: LabelPieces,
  labelValues: readonly string[],
  closers: readonly Uint8Array[],
  values: readonly number[],
  missing: number,
  extras?: readonly (E | undefined)[],
  suffix?: (extra: E | undefined) => string,
): [number, number] {
  const lineStart = sink.position;
  sink.writeBytes(lineName);
  const labelsStart = sink.position;
  writeOpenLabels(sink, labels, labelValues);
  const labelsEnd = sink.position;
  for (let i = 0; i < closers.length; i++) {
    if (i > 0) sink.copyWithin(lineStart, labelsEnd);
    sink.writeBytes(closers[i]!);
    sink.writeValue(i < values.length ? values[i]! : missing);
    if (extras !== undefined && suffix !== undefined) sink.write(suffix(extras[i]));
    sink.writeNewline();
  }
  return [labelsStart, labelsEnd];
}

/** `<name><labels> <value>\n` re-using a label block already written at `[start, end)`. */
export function writeCopiedLabelLine(
  sink: TextSink,
  lineName: Uint8Array,
  labelBlock: readonly [number, number],
  close: Uint8Array,
  value: number,
): void {
  sink.writeBytes(lineName);
  sink.copyWithin(labelBlock[0], labelBlock[1]);
  sink.writeBytes(close);
  sink.writeValue(value);
  sink.writeNewline();
}

/** `{k="v",...}` for a free-form label set (exemplars), in the object's key order. */
export function formatLabelObject(labels: Labels): string {
  let out = '{';
  for (const name in labels) {
    if (out.length > 1) out += ',';
    out += `${name}="${escapeLabelValue(labels[name]!)}"`;
  }
  return `${out}}`;
}
