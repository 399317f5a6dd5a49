import type { CounterFamily, Exemplar, HistogramFamily, MetricFamily, SummaryFamily } from '../types.js';
import { escapeLabelValue } from './escape.js';
import { type FamilyWriter, formatAll, helpAndType, textWriter, valueLines } from './family-writer.js';
import { formatOpenMetricsFloat, formatSecondsFromMs, formatValue } from './format-number.js';
import {
  extraLabelClosers,
  formatLabelObject,
  labelPieces,
  leValues,
  writeCopiedLabelLine,
  writeLabelledLines,
  writeOpenLabels,
} from './label-block.js';
import { encode, type TextSink } from './text-sink.js';

/** OpenMetrics 1.0: "The combined length of the label names and values of an Exemplar's LabelSet MUST NOT exceed 128 UTF-8 character code points." */
const MAX_EXEMPLAR_LABEL_CODE_POINTS = 128;

/**
 * OpenMetrics 1.0.0 text. Counter families are named without `_total` and their samples with it;
 * `_created` samples (seconds) are written for counters, histograms and summaries that carry a
 * `created` time; exemplars on counters and histogram buckets; `# UNIT` when the family has a unit
 * that its name ends with (the spec forbids any other); the text ends with `# EOF`.
 */
export function formatOpenMetrics(families: readonly MetricFamily[]): string {
  return formatAll(openMetricsWriter, families);
}

/** The MetricFamily name OpenMetrics uses: a counter's name without its `_total` suffix. */
export function openMetricsFamilyName(family: MetricFamily): string {
  return family.type === 'counter' && family.name.endsWith('_total') ? family.name.slice(0, -6) : family.name;
}

function familyStart(family: MetricFamily): string {
  const name = openMetricsFamilyName(family);
  const help = family.help === '' ? '' : escapeLabelValue(family.help);
  const unit =
    family.unit !== '' && name.endsWith(`_${family.unit}`) ? `# UNIT ${name} ${family.unit}\n` : '';
  return helpAndType(name, help, family.type) + unit;
}

/** `<name>_created<labels> <seconds>` for a point with a known creation time. */
function writeCreated(
  sink: TextSink,
  createdName: Uint8Array,
  block: readonly [number, number],
  close: Uint8Array,
  created: number | undefined,
): void {
  if (created !== undefined && Number.isFinite(created)) {
    writeCopiedLabelLine(sink, createdName, block, close, created / 1000);
  }
}

/** ` # {labels} value [timestamp]`, or '' when there is no exemplar or it breaks the spec's size limit. */
function exemplarText(exemplar: Exemplar | undefined): string {
  if (exemplar === undefined || exceedsExemplarLimit(exemplar)) return '';
  const { timestamp } = exemplar;
  const time =
    timestamp === undefined || !Number.isFinite(timestamp) ? '' : ` ${formatSecondsFromMs(timestamp)}`;
  return ` # ${formatLabelObject(exemplar.labels)} ${formatValue(exemplar.value)}${time}`;
}

function exceedsExemplarLimit(exemplar: Exemplar): boolean {
  let units = 0;
  for (const name in exemplar.labels) units += name.length + exemplar.labels[name]!.length;
  // UTF-16 length >= code points, so only long label sets need the exact count.
  if (units <= MAX_EXEMPLAR_LABEL_CODE_POINTS) return false;
  let codePoints = 0;
  for (const name in exemplar.labels) {
    for (const _ of name) codePoints++;
    for (const _ of exemplar.labels[name]!) codePoints++;
  }
  return codePoints > MAX_EXEMPLAR_LABEL_CODE_POINTS;
}

function counterLines(family: CounterFamily, from: number, to: number, sink: TextSink): void {
  const labels = labelPieces(family.labelNames);
  const name = openMetricsFamilyName(family);
  const totalName = encode(`${name}_total`);
  const createdName = encode(`${name}_created`);
  const list = family.points;
  for (let i = from; i < to; i++) {
    const point = list[i]!;
    sink.writeBytes(totalName);
    const labelsStart = sink.position;
    writeOpenLabels(sink, labels, point.labelValues);
    const block: [number, number] = [labelsStart, sink.position];
    sink.writeBytes(labels.close);
    sink.writeValue(point.value);
    if (point.exemplar !== undefined) sink.write(exemplarText(point.exemplar));
    sink.writeNewline();
    writeCreated(sink, createdName, block, labels.close, point.created);
  }
}

function histogramLines(family: HistogramFamily, from: number, to: number, sink: TextSink): void {
  const labels = labelPieces(family.labelNames);
  const bucketName = encode(`${family.name}_bucket`);
  const sumName = encode(`${family.name}_sum`);
  const countName = encode(`${family.name}_count`);
  const createdName = encode(`${family.name}_created`);
  const closers = extraLabelClosers(labels, 'le', leValues(family.buckets, formatOpenMetricsFloat));
  // With a negative bucket the sum is no longer a counter: the spec then forbids `_sum`, and
  // `_count` may only come with `_sum` (conformance case bad_histograms_3).
  const writeSum = !(family.buckets.length > 0 && family.buckets[0]! < 0);
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
      point.exemplars,
      exemplarText,
    );
    if (writeSum) {
      writeCopiedLabelLine(sink, sumName, block, labels.close, point.sum);
      writeCopiedLabelLine(sink, countName, block, labels.close, point.count);
    }
    writeCreated(sink, createdName, block, labels.close, point.created);
  }
}

function summaryLines(family: SummaryFamily, from: number, to: number, sink: TextSink): void {
  const labels = labelPieces(family.labelNames);
  const name = encode(family.name);
  const sumName = encode(`${family.name}_sum`);
  const countName = encode(`${family.name}_count`);
  const createdName = encode(`${family.name}_created`);
  const closers = extraLabelClosers(labels, 'quantile', family.quantiles.map(formatOpenMetricsFloat));
  const list = family.points;
  for (let i = from; i < to; i++) {
    const point = list[i]!;
    // OpenMetrics summaries are non-negative throughout (conformance cases bad_counter_values_17
    // and _19): a negative quantile value is left out, and a negative sum takes `_count` with it.
    // The Prometheus text format keeps them all.
    let quantileClosers = closers;
    let values = point.quantileValues;
    if (values.some((v) => v < 0)) {
      const kept = family.quantiles.flatMap((q, k) => ((values[k] ?? 0) < 0 ? [] : [q]));
      quantileClosers = extraLabelClosers(labels, 'quantile', kept.map(formatOpenMetricsFloat));
      values = values.filter((v) => !(v < 0));
      if (kept.length === 0) {
        // No quantile line to carry the label block: the `_sum` line writes it.
        if (!(point.sum < 0)) {
          const block = writeLabelledLines(
            sink,
            sumName,
            labels,
            point.labelValues,
            [labels.close],
            [point.sum],
            0,
          );
          writeCopiedLabelLine(sink, countName, block, labels.close, point.count);
          writeCreated(sink, createdName, block, labels.close, point.created);
        }
        continue;
      }
    }
    const block = writeLabelledLines(
      sink,
      name,
      labels,
      point.labelValues,
      quantileClosers,
      values,
      Number.NaN,
    );
    if (!(point.sum < 0)) {
      writeCopiedLabelLine(sink, sumName, block, labels.close, point.sum);
      writeCopiedLabelLine(sink, countName, block, labels.close, point.count);
    }
    writeCreated(sink, createdName, block, labels.close, point.created);
  }
}

export const openMetricsWriter: FamilyWriter = textWriter(
  familyStart,
  { counter: counterLines, gauge: valueLines, histogram: histogramLines, summary: summaryLines },
  '# EOF\n',
);
