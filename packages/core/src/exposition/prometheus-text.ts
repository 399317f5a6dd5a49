import type { HistogramFamily, MetricFamily, SummaryFamily } from '../types.js';
import { escapeHelp } from './escape.js';
import { type FamilyWriter, formatAll, helpAndType, textWriter, valueLines } from './family-writer.js';
import { formatGoFloat } from './format-number.js';
import {
  extraLabelClosers,
  labelPieces,
  leValues,
  writeCopiedLabelLine,
  writeLabelledLines,
} from './label-block.js';
import { encode, type TextSink } from './text-sink.js';

/**
 * Prometheus text exposition format 0.0.4, written the way client_golang's `expfmt` writes it:
 * HELP (when there is help text), TYPE, then the samples, families in input order, no blank lines,
 * `le`/`quantile` values spelled like Go's `%g`. Exemplars and created timestamps have no place in
 * this format and are left out.
 */
export function formatPrometheusText(families: readonly MetricFamily[]): string {
  return formatAll(prometheusTextWriter, families);
}

function familyStart(family: MetricFamily): string {
  const type = family.type === 'unknown' ? 'untyped' : family.type;
  return helpAndType(family.name, family.help === '' ? '' : escapeHelp(family.help), type);
}

function histogramLines(family: HistogramFamily, from: number, to: number, sink: TextSink): void {
  const labels = labelPieces(family.labelNames);
  const bucketName = encode(`${family.name}_bucket`);
  const sumName = encode(`${family.name}_sum`);
  const countName = encode(`${family.name}_count`);
  const closers = extraLabelClosers(labels, 'le', leValues(family.buckets, formatGoFloat));
  const list = family.points;
  for (let i = from; i < to; i++) {
    const point = list[i]!;
    const block = writeLabelledLines(
      sink,
      bucketName,
      labels,
      point.labelValues,
      closers,
      point.cumulativeCounts,
      point.count,
    );
    writeCopiedLabelLine(sink, sumName, block, labels.close, point.sum);
    writeCopiedLabelLine(sink, countName, block, labels.close, point.count);
  }
}

function summaryLines(family: SummaryFamily, from: number, to: number, sink: TextSink): void {
  const labels = labelPieces(family.labelNames);
  const name = encode(family.name);
  const sumName = encode(`${family.name}_sum`);
  const countName = encode(`${family.name}_count`);
  const closers = extraLabelClosers(labels, 'quantile', family.quantiles.map(formatGoFloat));
  const list = family.points;
  for (let i = from; i < to; i++) {
    const point = list[i]!;
    const block = writeLabelledLines(
      sink,
      name,
      labels,
      point.labelValues,
      closers,
      point.quantileValues,
      Number.NaN,
    );
    writeCopiedLabelLine(sink, sumName, block, labels.close, point.sum);
    writeCopiedLabelLine(sink, countName, block, labels.close, point.count);
  }
}

export const prometheusTextWriter: FamilyWriter = textWriter(
  familyStart,
  { counter: valueLines, gauge: valueLines, histogram: histogramLines, summary: summaryLines },
  '',
);
