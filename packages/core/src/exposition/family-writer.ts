import type { MetricFamily } from '../types.js';
import { TextSink } from './text-sink.js';

/**
 * A format as a sequence of pieces, so that the one-shot formatters and `streamExposition` share
 * one implementation and produce byte-identical output: `start`, then per family `familyStart`,
 * `points` over one or more consecutive ranges, `familyEnd`, and finally `end`.
 */
export interface FamilyWriter {
  readonly start: string;
  familyStart(family: MetricFamily, index: number): string;
  /** Writes the lines (or JSON items) of `family.points[from..to)`. */
  points(family: MetricFamily, from: number, to: number, sink: TextSink): void;
  familyEnd(family: MetricFamily, index: number): string;
  readonly end: string;
}

/** Bytes of a sample line besides its name and labels: `_bucket`, `,le="0.005"} `, the value, newline. */
const LINE_OVERHEAD_BYTES = 32;

/** A rough size of the text output, from each family's first point (see `TextSink`). */
export function estimateBytes(families: readonly MetricFamily[]): number {
  let total = 0;
  for (const family of families) {
    total += 2 * family.name.length + family.help.length + LINE_OVERHEAD_BYTES;
    const first = family.points[0];
    if (first === undefined) continue;
    let lineBytes = family.name.length + LINE_OVERHEAD_BYTES;
    for (let i = 0; i < family.labelNames.length; i++) {
      lineBytes += family.labelNames[i]!.length + 4 + (first.labelValues[i]?.length ?? 0);
    }
    let lines = 2; // value (+ _created)
    if (family.type === 'histogram') lines = family.buckets.length + 4;
    else if (family.type === 'summary') lines = family.quantiles.length + 3;
    total += family.points.length * lines * lineBytes;
  }
  return total;
}

export function formatAll(writer: FamilyWriter, families: readonly MetricFamily[]): string {
  const sink = TextSink.borrow(estimateBytes(families));
  sink.write(writer.start);
  for (let i = 0; i < families.length; i++) {
    const family = families[i]!;
    sink.write(writer.familyStart(family, i));
    writer.points(family, 0, family.points.length, sink);
    sink.write(writer.familyEnd(family, i));
  }
  sink.write(writer.end);
  const text = sink.toString();
  sink.release();
  return text;
}
