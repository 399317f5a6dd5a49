import { LineParser } from './line-parser.js';
import { parsePrometheusTimestamp, parseValue } from './number.js';
import {
  excerpt,
  matchKnownName,
  matchLabelName,
  nameHint,
  scanLabelName,
  scanMetricName,
  unescapeHelp,
} from './scan.js';
import { SeriesSample } from './series-sample.js';
import type { FamilyRecord, ParsedFamilyType, ParsedSample } from './types.js';

const TYPES: Readonly<Record<string, ParsedFamilyType>> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  summary: 'summary',
  untyped: 'unknown',
};

interface PromFamily {
  readonly record: FamilyRecord;
  /** The sample names this family owns, by its type. */
  sampleNames: string[];
  typeLine: number;
  firstSampleLine: number;
}

function sampleNamesFor(name: string, type: ParsedFamilyType): string[] {
  if (type === 'histogram') return [`${name}_bucket`, `${name}_count`, `${name}_sum`];
  if (type === 'summary') return [name, `${name}_count`, `${name}_sum`];
  return [name];
}

// Key under which a bare sample whose name is taken by a histogram family is kept (see resolve()).
const SHADOWED = '\u0000';

/**
 * Prometheus text format 0.0.4, accepting what Prometheus's own scraper (model/textparse
 * promparse) accepts, as checked against Prometheus 2.42 in prometheus-agreement.test.ts: spaces
 * or tabs around every token, blank lines, free comments, a trailing comma (or none between
 * labels) in a label set, unknown escapes kept verbatim, a value right after the name ("a.5").
 * It refuses what a Prometheus scrape refuses (duplicate label names and `__name__` included),
 * and four things Prometheus lets through: a second TYPE line for a family and a TYPE line after
 * its samples (promtool and client_golang refuse both), a raw line break inside a label value,
 * and a NUL byte where a line should start (Prometheus stops reading there, silently).
 */
export class PrometheusTextParser extends LineParser {
  private readonly families = new Map<string, PromFamily>();
  private current: PromFamily | undefined;

  protected parseLine(text: string, start: number, end: number): void {
    let pos = start;
    let c = text.charCodeAt(pos);
    while (pos < end && (c === 32 || c === 9)) c = text.charCodeAt(++pos);
    if (pos === end) return;
    if (c === 35) this.comment(text, pos, end);
    else if (pos > start) {
      // Prometheus would read the whitespace as part of the metric name, and refuse it.
      this.fail('sample lines must not start with whitespace (only comments and blank lines may)', start);
    } else this.sample(text, pos, end);
  }

  protected finish(): void {}

  private comment(text: string, hash: number, end: number): void {
    let pos = hash + 1;
    while (pos < end && isBlank(text.charCodeAt(pos))) pos++;
    // Only "#<blanks>HELP<blanks>" and "#<blanks>TYPE<blanks>" are metadata; the rest is a comment.
    if (pos === hash + 1) return;
    const isHelp = text.startsWith('HELP', pos);
    if (!isHelp && !text.startsWith('TYPE', pos)) return;
    pos += 4;
    const keywordEnd = pos;
    while (pos < end && isBlank(text.charCodeAt(pos))) pos++;
    if (pos === keywordEnd) return;
    const keyword = isHelp ? 'HELP' : 'TYPE';
    const nameEnd = scanMetricName(text, pos, end);
    if (nameEnd === pos) {
      this.fail(`expected a metric name after "# ${keyword}", found ${this.describe(text, pos, end)}`, pos);
    }
    let textStart = end;
    if (nameEnd < end) {
      // Prometheus drops the one character after the name, whatever it is ("# HELP a.b x" is
      // help "b x" for "a"); a non-ASCII one leaves broken UTF-8 there, which it refuses.
      if (text.charCodeAt(nameEnd) >= 0x80) {
        this.fail(
          `expected a space after the metric name in the ${keyword} line, found ${this.describe(text, nameEnd, end)}`,
          nameEnd,
        );
      }
      textStart = nameEnd + 1;
    }
    const name = text.slice(pos, nameEnd);
    if (isHelp) {
      this.help(name, unescapeHelp(text, textStart, end, false));
      return;
    }
    const word = text.slice(textStart, end);
    const type = Object.hasOwn(TYPES, word) ? TYPES[word] : undefined;
    if (type === undefined) {
      this.fail(
        `unknown metric type ${excerpt(text, textStart, end)} for "${name}": expected counter, gauge, histogram, summary or untyped`,
        textStart,
      );
    }
    this.type(name, type, hash);
  }

  private family(key: string, name: string): PromFamily {
    let family = this.families.get(key);
    if (family === undefined) {
      const record = this.newFamily({ name, type: 'unknown', help: '', unit: '', samples: [] });
      family = { record, sampleNames: [name], typeLine: 0, firstSampleLine: 0 };
      this.families.set(key, family);
    }
    return family;
  }

  private help(name: string, help: string): void {
    const family = this.family(name, name);
    // As in Prometheus, a repeated HELP replaces the earlier text.
    family.record.help = help;
    this.current = family;
  }

  private type(name: string, type: ParsedFamilyType, pos: number): void {
    const family = this.family(name, name);
    if (family.typeLine !== 0) {
      this.fail(
        `duplicate TYPE line for "${name}" (first on line ${family.typeLine}): a family has one type`,
        pos,
      );
    }
    if (family.firstSampleLine !== 0) {
      this.fail(
        `TYPE line for "${name}" comes after its samples (line ${family.firstSampleLine}): put HELP and TYPE before the family's samples`,
        pos,
      );
    }
    family.typeLine = this.line;
    family.record.type = type;
    family.sampleNames = sampleNamesFor(name, type);
    this.current = family;
  }

  /** The family a sample named `name` belongs to: by TYPE declarations, else a new untyped one. */
  private resolve(name: string): PromFamily {
    const own = this.families.get(name);
    if (own?.sampleNames.includes(name)) return own;
    for (const suffix of ['_bucket', '_count', '_sum']) {
      if (!name.endsWith(suffix)) continue;
      const base = this.families.get(name.slice(0, -suffix.length));
      if (base?.sampleNames.includes(name)) return base;
    }
    // A bare "x" sample next to "# TYPE x histogram": Prometheus ingests it as an untyped
    // series, so it gets an untyped family of its own rather than an error.
    return own === undefined ? this.family(name, name) : this.family(SHADOWED + name, name);
  }

  private sample(text: string, start: number, end: number): void {
    let family = this.current;
    let name: string | undefined;
    let nameEnd: number;
    const known = family === undefined ? -1 : matchKnownName(family.sampleNames, text, start, end, true);
    if (known >= 0) {
      name = family!.sampleNames[known]!;
      nameEnd = start + name.length;
    } else {
      nameEnd = scanMetricName(text, start, end);
      if (nameEnd === start) {
        this.fail(
          `expected a metric name, a '#' comment or an empty line, found ${this.describe(text, start, end)}`,
          start,
        );
      }
      name = text.slice(start, nameEnd);
      family = this.resolve(name);
      this.current = family;
    }
    let pos = skipBlanks(text, nameEnd, end);
    let count = 0;
    let seriesEnd = nameEnd;
    if (text.charCodeAt(pos) === 123 && pos < end) {
      pos = this.labels(text, pos + 1, end);
      count = this.labelCount;
      seriesEnd = pos;
      pos = skipBlanks(text, pos, end);
    }
    const valueStart = pos;
    for (
      let c = text.charCodeAt(pos);
      pos < end && c !== 32 && c !== 9 && c !== 123;
      c = text.charCodeAt(++pos)
    );
    if (pos === valueStart) {
      this.fail(`expected a value after "${name}", found ${this.describe(text, pos, end)}`, pos);
    }
    const value = parseValue(text, valueStart, pos);
    if (value === undefined) {
      // Like Prometheus, a value may follow the name without a space ("a.5" is a = 0.5), so
      // "a.b 1" fails here, on the value ".b".
      const hint = valueStart === nameEnd ? nameHint(text, nameEnd, end) : '';
      this.fail(
        `invalid value ${excerpt(text, valueStart, pos)}: expected a number, NaN, +Inf or -Inf${hint}`,
        valueStart,
      );
    }
    pos = skipBlanks(text, pos, end);
    let timestamp: number | undefined;
    if (pos < end) {
      const tsStart = pos;
      for (let c = text.charCodeAt(pos); pos < end && c >= 48 && c <= 57; c = text.charCodeAt(++pos));
      if (pos === tsStart) {
        this.fail(
          `expected a timestamp (integer milliseconds) or the end of the line after the value, found ${this.describe(text, pos, end)}`,
          pos,
        );
      }
      timestamp = parsePrometheusTimestamp(text, tsStart, pos);
      if (timestamp === undefined) {
        this.fail(`timestamp ${excerpt(text, tsStart, pos)} is out of range (int64 milliseconds)`, tsStart);
      }
      pos = skipBlanks(text, pos, end);
      if (pos < end) {
        this.fail(
          `expected the end of the line after the timestamp, found ${this.describe(text, pos, end)}`,
          pos,
        );
      }
    }
    if (family!.firstSampleLine === 0) family!.firstSampleLine = this.line;
    if (this.seriesText) {
      this.checkLabels(count, this.labelNames, this.labelStarts);
      const sample = new SeriesSample(name, text.slice(start, seriesEnd), value, count, this);
      if (timestamp !== undefined) sample.timestamp = timestamp;
      this.emit(sample, family!.record);
      return;
    }
    const labels = this.buildLabels(count, this.labelNames, this.labelValues, this.labelStarts);
    const sample: { name: string; labels: typeof labels; value: number; timestamp?: number } = {
      name,
      labels,
      value,
    };
    if (timestamp !== undefined) sample.timestamp = timestamp;
    this.onSample(sample as ParsedSample, family!.record);
  }

  /** Parses the label pairs after '{' into the label buffers; returns the position after '}'. */
  private labels(text: string, pos: number, end: number): number {
    const names = this.labelNames;
    let count = 0;
    for (;;) {
      pos = skipBlanks(text, pos, end);
      if (pos < end && text.charCodeAt(pos) === 125) break;
      const previous = names[count];
      let name: string;
      let nameEnd: number;
      if (previous !== undefined && matchLabelName(previous, text, pos, true)) {
        name = previous;
        nameEnd = pos + name.length;
      } else {
        nameEnd = scanLabelName(text, pos, end);
        if (nameEnd === pos) {
          const what = count === 0 ? "a label name or '}'" : "a label name, ',' or '}'";
          this.fail(`expected ${what}, found ${this.describe(text, pos, end)}`, pos);
        }
        name = text.slice(pos, nameEnd);
        if (name === '__name__') this.reservedName(pos);
        names[count] = name;
      }
      this.labelStarts[count] = pos;
      pos = skipBlanks(text, nameEnd, end);
      if (text.charCodeAt(pos) !== 61 || pos >= end) {
        this.fail(`expected '=' after label name "${name}", found ${this.describe(text, pos, end)}`, pos);
      }
      pos = skipBlanks(text, pos + 1, end);
      if (text.charCodeAt(pos) !== 34 || pos >= end) {
        this.fail(
          `expected '"' to open the value of label "${name}", found ${this.describe(text, pos, end)}`,
          pos,
        );
      }
      pos = this.readLabelValue(text, pos + 1, end, name);
      this.labelValues[count] = this.lastValue;
      count++;
      pos = skipBlanks(text, pos, end);
      // Prometheus accepts a trailing comma, and (by accident, its source says) no comma at all.
      if (pos < end && text.charCodeAt(pos) === 44) pos++;
    }
    this.labelCount = count;
    return pos + 1;
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function skipBlanks(text: string, pos: number, end: number): number {
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c !== 32 && c !== 9) break;
    pos++;
  }
  return pos;
}
