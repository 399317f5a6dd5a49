import type {
  CounterFamily,
  GaugeFamily,
  HistogramFamily,
  MetricFamily,
  SummaryFamily,
  UnknownFamily,
} from '../types.js';
import { labelPieces, writeOpenLabels } from './label-block.js';
import { encode, TextSink } from './text-sink.js';

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

/** Writes the sample lines of `family.points[from..to)` for one family type. */
type Lines<F extends MetricFamily> = (family: F, from: number, to: number, sink: TextSink) => void;

/** The per-type line writers of a text format. */
export interface TextLines {
  counter: Lines<CounterFamily>;
  /** Gauges and unknown-type families. */
  gauge: Lines<GaugeFamily | UnknownFamily>;
  histogram: Lines<HistogramFamily>;
  summary: Lines<SummaryFamily>;
}

/** A text format's FamilyWriter: `header` before each family's samples, `end` after the last family. */
export function textWriter(
  header: (family: MetricFamily) => string,
  lines: TextLines,
  end: string,
): FamilyWriter {
  return {
    start: '',
    familyStart: header,
    points(family, from, to, sink) {
      switch (family.type) {
        case 'counter':
          lines.counter(family, from, to, sink);
          break;
        case 'histogram':
          lines.histogram(family, from, to, sink);
          break;
        case 'summary':
          lines.summary(family, from, to, sink);
          break;
        default:
          lines.gauge(family, from, to, sink);
          break;
      }
    },
    familyEnd: () => '',
    end,
  };
}

/** `# HELP` (left out when `escapedHelp` is empty) and `# TYPE` lines. */
export function helpAndType(name: string, escapedHelp: string, type: string): string {
  const help = escapedHelp === '' ? '' : `# HELP ${name} ${escapedHelp}\n`;
  return `${help}# TYPE ${name} ${type}\n`;
}

/** `<name><labels> <value>` per point: the samples of gauges, and of counters in the Prometheus text format. */
export function valueLines(
  family: CounterFamily | GaugeFamily | UnknownFamily,
  from: number,
  to: number,
  sink: TextSink,
): void {
  const labels = labelPieces(family.labelNames);
  const name = encode(family.name);
  const list = family.points;
  for (let i = from; i < to; i++) {
    const point = list[i]!;
    sink.writeBytes(name);
    writeOpenLabels(sink, labels, point.labelValues);
    sink.writeBytes(labels.close);
    sink.writeValue(point.value);
    sink.writeNewline();
  }
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
