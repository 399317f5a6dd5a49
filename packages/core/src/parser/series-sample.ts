import type { Exemplar, Labels } from '../types.js';
import { unescapeLabelValue } from './scan.js';
import type { ParsedSample } from './types.js';

// The samples of the `seriesText` option. Building a labels object per line costs about as much
// as the rest of the line's parsing, and a caller that looks series up by their text needs the
// labels only for the few it has not seen; so they are built when first read. While the sample
// is being handed to onSample they come from the parser's buffers, as they would have been built;
// after that (the buffers hold later lines) they are read again from the series text.

export const EMPTY_LABELS: Labels = Object.freeze({});

/** The parser state a SeriesSample reads while it is the sample being handed out. */
export interface LiveLabels {
  /** The sample being handed to onSample, if any. */
  readonly live: SeriesSample | undefined;
  readonly labelNames: readonly string[];
  readonly labelValues: readonly string[];
}

export class SeriesSample implements ParsedSample {
  #labels: Labels | undefined = undefined;
  readonly #source: LiveLabels;
  readonly #count: number;
  declare timestamp?: number;
  declare exemplar?: Exemplar;

  constructor(
    readonly name: string,
    readonly series: string,
    readonly value: number,
    count: number,
    source: LiveLabels,
  ) {
    this.#count = count;
    this.#source = source;
  }

  get labels(): Labels {
    let labels = this.#labels;
    if (labels === undefined) {
      const source = this.#source;
      labels =
        this.#count === 0
          ? EMPTY_LABELS
          : source.live === this
            ? labelsObject(this.#count, source.labelNames, source.labelValues)
            : labelsOfSeries(this.series);
      this.#labels = labels;
    }
    return labels;
  }
}

/** The labels object of `count` names and values (checked: no duplicates). */
export function labelsObject(count: number, names: readonly string[], values: readonly string[]): Labels {
  if (count === 0) return EMPTY_LABELS;
  const labels: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const name = names[i]!;
    // A plain assignment to "__proto__" would change the prototype instead of adding a key.
    if (name === '__proto__') {
      Object.defineProperty(labels, name, {
        value: values[i],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      labels[name] = values[i]!;
    }
  }
  return labels;
}

/**
 * The labels of a series text the parser has accepted (so no checks): `name{a="x", b="y",}`,
 * with the blanks and the optional commas Prometheus text allows, which OpenMetrics' single
 * form is a case of.
 */
export function labelsOfSeries(series: string): Labels {
  let pos = series.indexOf('{');
  if (pos < 0) return EMPTY_LABELS;
  const names: string[] = [];
  const values: string[] = [];
  const end = series.length;
  pos++;
  for (;;) {
    pos = skipBlanks(series, pos, end);
    if (pos >= end || series.charCodeAt(pos) === 125) break;
    const nameStart = pos;
    while (pos < end && !isLabelNameEnd(series.charCodeAt(pos))) pos++;
    names.push(series.slice(nameStart, pos));
    pos = skipBlanks(series, pos, end) + 1; // '='
    pos = skipBlanks(series, pos, end) + 1; // '"'
    const valueStart = pos;
    while (pos < end) {
      const c = series.charCodeAt(pos);
      if (c === 34) break;
      pos += c === 92 ? 2 : 1;
    }
    values.push(unescapeLabelValue(series, valueStart, pos));
    pos = skipBlanks(series, pos + 1, end);
    if (series.charCodeAt(pos) === 44) pos++;
  }
  return labelsObject(names.length, names, values);
}

function isLabelNameEnd(c: number): boolean {
  return c === 61 || c === 32 || c === 9;
}

function skipBlanks(text: string, pos: number, end: number): number {
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c !== 32 && c !== 9) break;
    pos++;
  }
  return pos;
}
