import type { Exemplar, Labels } from '../types.js';
import { LineParser } from './line-parser.js';
import { parseOpenMetricsTimestampMs, parseValue } from './number.js';
import {
  type FamilyHost,
  FamilyTracker,
  isOpenMetricsType,
  type MetadataKeyword,
} from './openmetrics-families.js';
import { BUCKET, PointChecker, TOTAL } from './openmetrics-points.js';
import {
  CHAR_CLASS,
  codePointLength,
  excerpt,
  findName,
  matchKnownName,
  matchLabelName,
  NAME_CHAR,
  nameHint,
  scanLabelName,
  scanMetricName,
  unescapeHelp,
} from './scan.js';
import { SeriesSample } from './series-sample.js';
import type { ParsedSample, StreamParseOptions } from './types.js';

// The OpenMetrics 1.0 limit on an exemplar's label names and values together, in code points.
const MAX_EXEMPLAR_LABEL_CHARS = 128;

/**
 * OpenMetrics 1.0 text format, strict where the specification is: single spaces, no blank or
 * comment lines, a final `# EOF`, exemplars only where allowed. The family rules are in
 * openmetrics-families.ts, the rules across a point's samples in openmetrics-points.ts.
 */
export class OpenMetricsParser extends LineParser {
  private readonly families: FamilyTracker;
  private readonly points: PointChecker;
  private eofLine = 0;
  private readonly exemplarNames: string[] = [];
  private readonly exemplarValues: string[] = [];
  private readonly exemplarStarts: number[] = [];

  constructor(options: StreamParseOptions) {
    super(options);
    const parser = this;
    const host: FamilyHost = {
      fail: (message, pos) => this.fail(message, pos),
      failAtLine: (message, line) => this.failAtLine(message, line),
      get lineNumber() {
        return parser.line;
      },
      newFamily: (record) => this.newFamily(record),
    };
    this.points = new PointChecker(host, this.labelNames, this.labelValues, this.labelStarts);
    this.families = new FamilyTracker(host, this.points);
  }

  protected parseLine(text: string, start: number, end: number): void {
    if (this.eofLine !== 0) {
      this.fail(`nothing may follow the "# EOF" line (line ${this.eofLine})`, start);
    }
    if (start === end) this.fail('blank lines are not allowed in OpenMetrics', start);
    if (text.charCodeAt(start) === 35) this.metadata(text, start, end);
    else this.sample(text, start, end);
  }

  protected finish(): void {
    if (this.eofLine === 0) {
      this.failAtLine(
        'missing "# EOF": an OpenMetrics exposition must end with a "# EOF" line',
        this.line + 1,
      );
    }
  }

  private metadata(text: string, start: number, end: number): void {
    if (end - start === 5 && text.startsWith('# EOF', start)) {
      this.families.close();
      this.eofLine = this.line;
      return;
    }
    const keyword = text.slice(start + 2, start + 6);
    if (
      text.charCodeAt(start + 1) !== 32 ||
      (keyword !== 'HELP' && keyword !== 'TYPE' && keyword !== 'UNIT') ||
      end - start < 6
    ) {
      this.fail(
        `expected "# HELP", "# TYPE", "# UNIT" or "# EOF", found ${excerpt(text, start, end)}: OpenMetrics has no other comment lines`,
        start,
      );
    }
    if (text.charCodeAt(start + 6) !== 32 || start + 6 >= end) {
      this.fail(`expected a space and a metric name after "# ${keyword}"`, start + 6);
    }
    const nameStart = start + 7;
    const nameEnd = scanMetricName(text, nameStart, end);
    if (nameEnd === nameStart) {
      this.fail(
        `expected a metric name after "# ${keyword} ", found ${this.describe(text, nameStart, end)}`,
        nameStart,
      );
    }
    const name = text.slice(nameStart, nameEnd);
    if (nameEnd === end) {
      const what = keyword === 'TYPE' ? 'a metric type' : keyword === 'HELP' ? 'the help text' : 'the unit';
      this.fail(
        `expected a space and ${what} after "${name}" (an empty one is still preceded by a space)`,
        nameEnd,
      );
    }
    if (text.charCodeAt(nameEnd) !== 32) {
      this.fail(
        `expected a space after the metric name "${name}", found ${this.describe(text, nameEnd, end)}`,
        nameEnd,
      );
    }
    const family = this.families.forMetadata(name, keyword as MetadataKeyword, start);
    const valueStart = nameEnd + 1;
    if (keyword === 'HELP') {
      family.record.help = unescapeHelp(text, valueStart, end, true);
      family.helpLine = this.line;
    } else if (keyword === 'TYPE') {
      const word = text.slice(valueStart, end);
      if (!isOpenMetricsType(word)) {
        const hint = word === 'untyped' ? ' (OpenMetrics calls "untyped" "unknown")' : '';
        this.fail(
          `unknown metric type ${excerpt(text, valueStart, end)}: expected counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown${hint}`,
          valueStart,
        );
      }
      this.families.setType(family, word, valueStart);
    } else {
      for (let i = valueStart; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c >= 128 || (CHAR_CLASS[c]! & NAME_CHAR) === 0) {
          this.fail(
            `invalid unit: found ${this.describe(text, i, end)}, but units use only [a-zA-Z0-9_:]`,
            i,
          );
        }
      }
      this.families.setUnit(family, text.slice(valueStart, end), valueStart);
    }
  }

  private sample(text: string, start: number, end: number): void {
    let family = this.families.current;
    let index = family === undefined ? -1 : matchKnownName(family.sampleNames, text, start, end, false);
    let nameEnd: number;
    if (index >= 0) {
      nameEnd = start + family!.sampleNames[index]!.length;
    } else {
      nameEnd = scanMetricName(text, start, end);
      if (nameEnd === start) {
        const c = text.charCodeAt(start);
        const what =
          c === 32 || c === 9
            ? 'lines must not start with whitespace'
            : `found ${this.describe(text, start, end)}`;
        this.fail(`expected a metric name or "#": ${what}`, start);
      }
      index = family === undefined ? -1 : findName(family.sampleNames, text, start, nameEnd);
      if (index < 0) {
        family = this.families.forSample(text.slice(start, nameEnd), start);
        index = 0;
      }
    }
    family = family!;
    const name = family.sampleNames[index]!;
    const kind = family.kinds[index]!;
    this.families.startSamples(family);

    let pos = nameEnd;
    let count = 0;
    if (text.charCodeAt(pos) === 123 && pos < end) {
      pos = this.labels(text, pos + 1, end, this.labelNames, this.labelValues, this.labelStarts);
      count = this.labelCount;
    }
    const seriesEnd = pos;
    if (pos >= end || text.charCodeAt(pos) !== 32) {
      const hint = pos === nameEnd ? nameHint(text, pos, end) : '';
      this.fail(
        `expected a space and the value after "${name}", found ${this.describe(text, pos, end)}${hint}`,
        pos,
      );
    }
    const series = this.seriesText;
    let labels: Labels | undefined;
    if (series) this.checkLabels(count, this.labelNames, this.labelStarts);
    else labels = this.buildLabels(count, this.labelNames, this.labelValues, this.labelStarts);
    const valueStart = pos + 1;
    pos = tokenEnd(text, valueStart, end);
    if (pos === valueStart) {
      this.fail(
        `expected the value, found ${this.describe(text, pos, end)}: fields are separated by exactly one space`,
        pos,
      );
    }
    const value = parseValue(text, valueStart, pos);
    if (value === undefined) {
      this.fail(
        `invalid value ${excerpt(text, valueStart, pos)}: expected a number, NaN, +Inf or -Inf`,
        valueStart,
      );
    }
    let timestamp: number | undefined;
    let exemplar: Exemplar | undefined;
    if (pos < end) {
      pos++;
      if (text.charCodeAt(pos) !== 35 || pos >= end) {
        const tsStart = pos;
        pos = tokenEnd(text, tsStart, end);
        timestamp = this.timestamp(text, tsStart, pos);
        if (pos < end) {
          pos++;
          if (text.charCodeAt(pos) !== 35 || pos >= end) {
            this.fail(
              `expected " # " and an exemplar, or the end of the line, found ${this.describe(text, pos, end)}`,
              pos,
            );
          }
        }
      }
      if (pos < end) {
        if (kind !== TOTAL && kind !== BUCKET) {
          this.fail(
            `exemplars are allowed only on counter _total and histogram _bucket samples, not on "${name}"`,
            pos,
          );
        }
        exemplar = this.exemplar(text, pos, end);
      }
    }

    this.points.sample(kind, name, count, value, timestamp, this.line, start, valueStart);
    if (series) {
      const sample = new SeriesSample(name, text.slice(start, seriesEnd), value, count, this);
      if (timestamp !== undefined) sample.timestamp = timestamp;
      if (exemplar !== undefined) sample.exemplar = exemplar;
      this.emit(sample, family.record);
      return;
    }
    const sample: { name: string; labels: Labels; value: number; timestamp?: number; exemplar?: Exemplar } = {
      name,
      labels: labels!,
      value,
    };
    if (timestamp !== undefined) sample.timestamp = timestamp;
    if (exemplar !== undefined) sample.exemplar = exemplar;
    this.onSample(sample as ParsedSample, family.record);
  }

  private timestamp(text: string, start: number, end: number): number {
    if (start === end) this.fail('unexpected space: expected a timestamp or the end of the line', start - 1);
    const ts = parseOpenMetricsTimestampMs(text, start, end);
    if (ts === undefined) {
      this.fail(
        `invalid timestamp ${excerpt(text, start, end)}: expected seconds since the epoch as a decimal number`,
        start,
      );
    }
    return ts;
  }

  /** Parses "# {labels} value [timestamp]" from the '#' at `pos` to the end of the line. */
  private exemplar(text: string, pos: number, end: number): Exemplar {
    if (text.charCodeAt(pos + 1) !== 32 || text.charCodeAt(pos + 2) !== 123 || pos + 2 >= end) {
      this.fail(`expected "# {" to start an exemplar, found ${excerpt(text, pos, end)}`, pos);
    }
    const names = this.exemplarNames;
    const values = this.exemplarValues;
    pos = this.labels(text, pos + 3, end, names, values, this.exemplarStarts);
    const count = this.labelCount;
    let chars = 0;
    for (let i = 0; i < count; i++) chars += names[i]!.length + values[i]!.length;
    if (chars > MAX_EXEMPLAR_LABEL_CHARS) {
      chars = 0;
      for (let i = 0; i < count; i++) chars += names[i]!.length + codePointLength(values[i]!);
      if (chars > MAX_EXEMPLAR_LABEL_CHARS) {
        this.fail(
          `exemplar labels are ${chars} characters long: names and values together may have at most ${MAX_EXEMPLAR_LABEL_CHARS}`,
          pos - 1,
        );
      }
    }
    if (pos >= end || text.charCodeAt(pos) !== 32) {
      this.fail(
        `expected a space and the exemplar value after its labels, found ${this.describe(text, pos, end)}`,
        pos,
      );
    }
    const valueStart = pos + 1;
    pos = tokenEnd(text, valueStart, end);
    const value = parseValue(text, valueStart, pos);
    if (value === undefined) {
      this.fail(`invalid exemplar value ${excerpt(text, valueStart, pos)}: expected a number`, valueStart);
    }
    const labels = this.buildLabels(count, names, values, this.exemplarStarts);
    if (pos === end) return { labels, value };
    const tsStart = pos + 1;
    pos = tokenEnd(text, tsStart, end);
    const timestamp = this.timestamp(text, tsStart, pos);
    if (pos < end) this.fail(`expected the end of the line after the exemplar timestamp, found a space`, pos);
    return { labels, value, timestamp };
  }

  /** Strict label set after '{': name="value" pairs separated by single commas, no spaces. */
  private labels(
    text: string,
    pos: number,
    end: number,
    names: string[],
    values: string[],
    starts: number[],
  ): number {
    let count = 0;
    if (text.charCodeAt(pos) === 125 && pos < end) {
      this.labelCount = 0;
      return pos + 1;
    }
    for (;;) {
      const previous = names[count];
      let name: string;
      let nameEnd: number;
      if (previous !== undefined && matchLabelName(previous, text, pos, false)) {
        name = previous;
        nameEnd = pos + name.length;
      } else {
        nameEnd = scanLabelName(text, pos, end);
        if (nameEnd === pos) {
          const what = count === 0 ? "a label name or '}'" : "a label name after ','";
          this.fail(`expected ${what}, found ${this.describe(text, pos, end)}`, pos);
        }
        name = text.slice(pos, nameEnd);
        if (name === '__name__' && names === this.labelNames) this.reservedName(pos);
        names[count] = name;
      }
      starts[count] = pos;
      if (text.charCodeAt(nameEnd) !== 61 || nameEnd >= end) {
        this.fail(
          `expected '=' after label name "${name}", found ${this.describe(text, nameEnd, end)}`,
          nameEnd,
        );
      }
      if (text.charCodeAt(nameEnd + 1) !== 34 || nameEnd + 1 >= end) {
        this.fail(
          `expected '"' to open the value of label "${name}", found ${this.describe(text, nameEnd + 1, end)}`,
          nameEnd + 1,
        );
      }
      pos = this.readLabelValue(text, nameEnd + 2, end, name);
      values[count] = this.lastValue;
      count++;
      const c = text.charCodeAt(pos);
      if (pos < end && c === 44) {
        pos++;
      } else if (pos < end && c === 125) {
        break;
      } else {
        this.fail(
          `expected ',' or '}' after the value of label "${name}", found ${this.describe(text, pos, end)}`,
          pos,
        );
      }
    }
    this.labelCount = count;
    return pos + 1;
  }
}

/** End of the space-delimited token at `start`. */
function tokenEnd(text: string, start: number, end: number): number {
  const space = text.indexOf(' ', start);
  return space < 0 || space > end ? end : space;
}
