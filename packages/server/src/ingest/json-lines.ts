// One line of VictoriaMetrics' JSON-lines import/export format:
//   {"metric":{"__name__":"up","job":"node"},"values":[1,0.5],"timestamps":[1700000000000,1700000015000]}
// A parser of its own rather than JSON.parse: VictoriaMetrics' /api/v1/export writes non-finite
// values as bare `NaN`, `+Inf` and `-Inf`, which JSON.parse refuses, and errors here name the column.

import type { Label } from '@telemeter/storage';

export interface JsonLine {
  readonly labels: Label[];
  readonly values: number[];
  readonly timestamps: number[];
}

/** A syntax error in one line; `column` is 1-based, in characters. */
export class JsonLineError extends Error {
  constructor(
    readonly column: number,
    message: string,
  ) {
    super(message);
    this.name = 'JsonLineError';
  }
}

/** Non-JSON tokens for non-finite values, as VictoriaMetrics and most JSON writers spell them. */
const SPECIAL_VALUES: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Inf', Number.POSITIVE_INFINITY],
  ['+Inf', Number.POSITIVE_INFINITY],
  ['-Inf', Number.NEGATIVE_INFINITY],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['+Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]);

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SPECIAL = /[+-]?(?:NaN|Infinity|Inf)/y;

class LineParser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string, at = this.pos): never {
    throw new JsonLineError(at + 1, message);
  }

  found(): string {
    return this.pos >= this.text.length ? 'the end of the line' : JSON.stringify(this.text[this.pos]);
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 32 && c !== 9 && c !== 13) break;
      this.pos++;
    }
  }

  expect(ch: string, context: string): void {
    this.ws();
    if (this.text[this.pos] !== ch)
      this.fail(`expected ${JSON.stringify(ch)} ${context}, found ${this.found()}`);
    this.pos++;
  }

  string(context: string): string {
    this.ws();
    const t = this.text;
    if (t[this.pos] !== '"') this.fail(`expected a string ${context}, found ${this.found()}`);
    const start = this.pos;
    let escaped = false;
    for (let i = start + 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        if (!escaped) return t.slice(start + 1, i);
        try {
          return JSON.parse(t.slice(start, i + 1)) as string;
        } catch {
          this.fail('invalid escape sequence in string', start);
        }
      }
      if (c === 92) {
        escaped = true;
        i++;
      } else if (c < 0x20) {
        this.fail('control character in string (escape it)', i);
      }
    }
    return this.fail('unterminated string', start);
  }

  number(context: string, allowSpecial: boolean): number {
    this.ws();
    NUMBER.lastIndex = this.pos;
    let m = NUMBER.exec(this.text);
    if (m !== null) {
      this.pos += m[0].length;
      return Number(m[0]);
    }
    if (allowSpecial) {
      SPECIAL.lastIndex = this.pos;
      m = SPECIAL.exec(this.text);
      const v = m === null ? undefined : SPECIAL_VALUES.get(m[0]);
      if (m !== null && v !== undefined) {
        this.pos += m[0].length;
        return v;
      }
    }
    return this.fail(`expected a number ${context}, found ${this.found()}`);
  }

  /** `[` number, ... `]` */
  array(key: string, allowSpecial: boolean): number[] {
    this.expect('[', `to open "${key}"`);
    const out: number[] = [];
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      const at = this.pos;
      const v = this.number(`in "${key}"`, allowSpecial);
      if (!allowSpecial && !Number.isSafeInteger(v)) {
        this.fail(
          `${key}[${out.length}]: ${this.text.slice(at, this.pos).trim()} is not an integer number of milliseconds`,
          at,
        );
      }
      out.push(v);
      this.ws();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') return out;
      if (c !== ',')
        this.fail(
          `expected "," or "]" in "${key}", found ${c === undefined ? 'the end of the line' : JSON.stringify(c)}`,
          this.pos - 1,
        );
    }
  }

  /** `{` "name": "value", ... `}` */
  metric(): Label[] {
    this.expect('{', 'to open "metric"');
    const labels: Label[] = [];
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return labels;
    }
    for (;;) {
      const at = this.pos;
      const name = this.string('(a label name) in "metric"');
      if (labels.some((l) => l.name === name)) this.fail(`duplicate label name ${JSON.stringify(name)}`, at);
      this.expect(':', 'after a label name');
      const value = this.string(`(the value of label ${JSON.stringify(name)})`);
      labels.push({ name, value });
      this.ws();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') return labels;
      if (c !== ',')
        this.fail(
          `expected "," or "}" in "metric", found ${c === undefined ? 'the end of the line' : JSON.stringify(c)}`,
          this.pos - 1,
        );
    }
  }

  line(): JsonLine {
    this.expect('{', 'to open the line');
    let labels: Label[] | undefined;
    let values: number[] | undefined;
    let timestamps: number[] | undefined;
    for (let first = true; ; first = false) {
      this.ws();
      if (first && this.text[this.pos] === '}') break;
      const at = this.pos;
      const key = this.string('(a key)');
      const seen =
        key === 'metric' ? labels : key === 'values' ? values : key === 'timestamps' ? timestamps : null;
      if (seen === null)
        this.fail(`unknown key ${JSON.stringify(key)}: expected "metric", "values" and "timestamps"`, at);
      if (seen !== undefined) this.fail(`duplicate key ${JSON.stringify(key)}`, at);
      this.expect(':', `after "${key}"`);
      if (key === 'metric') labels = this.metric();
      else if (key === 'values') values = this.array('values', true);
      else timestamps = this.array('timestamps', false);
      this.ws();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') break;
      if (c !== ',')
        this.fail(
          `expected "," or "}" after the value of "${key}", found ${c === undefined ? 'the end of the line' : JSON.stringify(c)}`,
          this.pos - 1,
        );
    }
    this.ws();
    if (this.pos < this.text.length)
      this.fail(`expected the end of the line after the object, found ${this.found()}`);
    if (labels === undefined) this.fail('missing "metric"', 0);
    if (values === undefined) this.fail('missing "values"', 0);
    if (timestamps === undefined) this.fail('missing "timestamps"', 0);
    return { labels, values, timestamps };
  }
}

/** Parses one non-blank line; throws JsonLineError naming the column. */
export function parseJsonLine(text: string): JsonLine {
  return new LineParser(text).line();
}
