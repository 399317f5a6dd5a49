import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ExpositionParseError, InvalidConfigError } from '../errors.js';
import { createExpositionParser, parseExposition } from './parse-exposition.js';
import type { ParsedFamilyInfo, ParsedSample, ParseFormat } from './types.js';

const FORMATS: readonly ParseFormat[] = ['prometheus', 'openmetrics'];

/** Parses `text` fed in the given chunks, collecting what the callbacks see. */
function parseInChunks(chunks: readonly string[], format: ParseFormat) {
  const families: ParsedFamilyInfo[] = [];
  const samples: [string, ParsedSample][] = [];
  const parser = createExpositionParser({
    format,
    onFamily: (family) => families.push(family),
    onSample: (sample, family) => samples.push([family.name, sample]),
  });
  for (const chunk of chunks) parser.write(chunk);
  parser.end();
  return { families: families.map((f) => ({ ...f })), samples };
}

/** Outcome of a parse as plain data: the families, or the error's position and message. */
function outcome(run: () => unknown): unknown {
  try {
    return { ok: run() };
  } catch (e) {
    if (!(e instanceof ExpositionParseError)) throw e;
    return { line: e.line, column: e.column, message: e.message };
  }
}

// --- a minimal writer, for the properties (the real writers are tested in roundtrip.test.ts) ---

const escapeValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const formatNumber = (v: number) =>
  Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v);

interface GeneratedSeries {
  labels: [string, string][];
  value: number;
  timestampMs?: number;
}
interface GeneratedFamily {
  name: string;
  help: string;
  series: GeneratedSeries[];
}

function writeFamilies(families: readonly GeneratedFamily[], format: ParseFormat): string {
  let out = '';
  for (const family of families) {
    const help =
      format === 'openmetrics'
        ? escapeValue(family.help)
        : family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
    out += `# HELP ${family.name} ${help}\n# TYPE ${family.name} gauge\n`;
    for (const s of family.series) {
      const labels = s.labels.map(([k, v]) => `${k}="${escapeValue(v)}"`).join(',');
      out += `${family.name}${labels === '' ? '' : `{${labels}}`} ${formatNumber(s.value)}`;
      if (s.timestampMs !== undefined)
        out += ` ${format === 'openmetrics' ? String(s.timestampMs / 1000) : s.timestampMs}`;
      out += '\n';
    }
  }
  return format === 'openmetrics' ? `${out}# EOF\n` : out;
}

const metricName = fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,30}$/);
const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,20}$/).filter((n) => n !== '__name__');
/** Any string of code points, including quotes, backslashes, newlines, NUL and astral characters. */
const labelValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '\\', '"', '\n', '\\n', '\\"', '}', '#', ' # {'),
);
const sampleValue = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, 0, 1e21, 5e-324),
);
// Up to the year 2100, where milliseconds survive a seconds round trip in a double exactly.
const timestampMs = fc.option(fc.integer({ min: 0, max: 4_102_444_800_000 }), { nil: undefined });

const families = fc.uniqueArray(metricName, { minLength: 1, maxLength: 4 }).chain((names) =>
  fc.tuple(
    ...names.map((name) =>
      fc.record({
        name: fc.constant(name),
        help: fc.string({ unit: 'binary', maxLength: 30 }),
        series: fc.uniqueArray(
          fc.record({
            labels: fc.uniqueArray(fc.tuple(labelName, labelValue), { maxLength: 4, selector: ([k]) => k }),
            value: sampleValue,
            timestampMs,
          }),
          // OpenMetrics allows a label set once per family (without timestamps).
          { maxLength: 5, selector: (s) => JSON.stringify(s.labels.map(([k, v]) => [k, v]).sort()) },
        ),
      }),
    ),
  ),
);

function sameNumber(actual: number, expected: number): boolean {
  return (
    Object.is(actual, expected) ||
    (actual === 0 && expected === 0) ||
    (Number.isNaN(actual) && Number.isNaN(expected))
  );
}

describe('parseExposition: API', () => {
  it('defaults to the Prometheus text format', () => {
    assert.deepEqual(parseExposition('a 1\n'), [
      { name: 'a', type: 'unknown', help: '', unit: '', samples: [{ name: 'a', labels: {}, value: 1 }] },
    ]);
  });

  it('refuses an unknown format and a non-string input with a typed error', () => {
    assert.throws(() => parseExposition('a 1\n', { format: 'json' as ParseFormat }), InvalidConfigError);
    assert.throws(() => parseExposition(Buffer.from('a 1\n') as unknown as string), InvalidConfigError);
    assert.throws(() => createExpositionParser({} as never), InvalidConfigError);
  });

  it('reports errors with the stable code, 1-based line and column, and the position in the message', () => {
    const error = outcome(() => parseExposition('a 1\nb{x="1" 2\n')) as {
      line: number;
      column: number;
      message: string;
    };
    assert.equal(error.line, 2);
    assert.equal(error.column, 9);
    assert.match(error.message, /^line 2, column 9: /);
  });
});

describe('createExpositionParser: streaming', () => {
  const text = [
    '# HELP a First.',
    '# TYPE a counter',
    'a_total{x="1"} 1 # {t="q"} 1',
    'a_created{x="1"} 10',
    '# TYPE h histogram',
    'h_bucket{le="1"} 1',
    'h_bucket{le="+Inf"} 2',
    'h_count 2',
    'h_sum 1.5',
    '# EOF',
  ].join('\n');

  it('calls onFamily once per family and onSample per sample, in order', () => {
    const { families, samples } = parseInChunks([text], 'openmetrics');
    assert.deepEqual(
      families.map((f) => f.name),
      ['a', 'h'],
    );
    assert.deepEqual(
      samples.map(([family, s]) => `${family}:${s.name}`),
      ['a:a_total', 'a:a_created', 'h:h_bucket', 'h:h_bucket', 'h:h_count', 'h:h_sum'],
    );
  });

  it('gives the same result for any split of the input into chunks', () => {
    const whole = parseInChunks([text], 'openmetrics');
    for (let i = 0; i <= text.length; i++) {
      assert.deepEqual(
        parseInChunks([text.slice(0, i), text.slice(i)], 'openmetrics'),
        whole,
        `split at ${i}`,
      );
    }
    assert.deepEqual(parseInChunks([...text], 'openmetrics'), whole, 'one character per chunk');
  });

  it('reports the same error position whatever the chunking', () => {
    const broken = `${text.replace('h_count 2', 'h_count 3')}`;
    const whole = outcome(() => parseInChunks([broken], 'openmetrics'));
    assert.deepEqual((whole as { line: number }).line, 9);
    for (let i = 0; i <= broken.length; i += 7) {
      assert.deepEqual(
        outcome(() => parseInChunks([broken.slice(0, i), broken.slice(i)], 'openmetrics')),
        whole,
      );
    }
  });

  it('keeps reporting the first error once one was thrown', () => {
    const parser = createExpositionParser({ format: 'openmetrics', onSample: () => {} });
    const first = outcome(() => parser.write('a 1\nb{ 2\n'));
    assert.deepEqual(
      outcome(() => parser.write('c 3\n')),
      first,
    );
    assert.deepEqual(
      outcome(() => parser.end()),
      first,
    );
  });

  it('refuses write() after end()', () => {
    const parser = createExpositionParser({ onSample: () => {} });
    parser.end();
    assert.throws(() => parser.write('a 1\n'), InvalidConfigError);
  });

  it('property: chunking never changes the outcome, for valid or broken input', () => {
    fc.assert(
      fc.property(
        families,
        fc.constantFrom(...FORMATS),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.nat(),
        (generated, format, cuts, damage) => {
          let text = writeFamilies(generated, format);
          if (damage % 3 === 0)
            text = text.slice(0, damage % (text.length + 1)) + text.slice((damage % (text.length + 1)) + 1);
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((start, i) => text.slice(start, points[i] ?? text.length));
          assert.deepEqual(
            outcome(() => parseInChunks(chunks, format)),
            outcome(() => parseInChunks([text], format)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseExposition: properties', () => {
  for (const format of FORMATS) {
    it(`${format}: any metric names, label names and label values survive write -> parse`, () => {
      fc.assert(
        fc.property(families, (generated) => {
          const parsed = parseExposition(writeFamilies(generated, format), { format });
          assert.equal(parsed.length, generated.length);
          generated.forEach((family, i) => {
            const got = parsed[i]!;
            assert.equal(got.name, family.name);
            assert.equal(got.type, 'gauge');
            assert.equal(got.help, family.help);
            assert.equal(got.samples.length, family.series.length);
            family.series.forEach((s, j) => {
              const sample = got.samples[j]!;
              assert.equal(sample.name, family.name);
              assert.deepEqual(sample.labels, Object.fromEntries(s.labels));
              assert.deepEqual(
                Object.keys(sample.labels),
                s.labels.map(([k]) => k),
              );
              assert.ok(sameNumber(sample.value, s.value), `${sample.value} vs ${s.value}`);
              assert.equal(sample.timestamp, s.timestampMs);
            });
          });
        }),
        { numRuns: 300 },
      );
    });

    it(`${format}: arbitrary text never throws anything but ExpositionParseError`, () => {
      const garbage = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc
          .array(
            fc.constantFrom(
              'a',
              '_total',
              ' ',
              '{',
              '}',
              '"',
              '\\',
              '=',
              ',',
              '#',
              '# TYPE ',
              '# HELP ',
              '# UNIT ',
              '# EOF',
              '\n',
              '1',
              '.',
              'e',
              '-',
              '+Inf',
              'NaN',
              'le',
              'quantile',
              'x="1"',
              ' # {',
              '\r',
              '\t',
              '\u0000',
            ),
            { maxLength: 60 },
          )
          .map((parts) => parts.join('')),
      );
      fc.assert(
        fc.property(garbage, (text) => {
          outcome(() => parseExposition(text, { format }));
        }),
        { numRuns: 2000 },
      );
    });

    it(`${format}: damaged valid expositions never throw anything but ExpositionParseError`, () => {
      const damage = fc.array(
        fc.tuple(
          fc.nat(),
          fc.constantFrom('', ' ', '"', '\\', '{', '}', ',', '=', '\n', '#', 'x', '0', '\r', '\u{1F389}'),
        ),
        {
          minLength: 1,
          maxLength: 4,
        },
      );
      fc.assert(
        fc.property(families, damage, (generated, edits) => {
          let text = writeFamilies(generated, format);
          for (const [at, replacement] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + replacement + text.slice(i + 1);
          }
          outcome(() => parseExposition(text, { format }));
        }),
        { numRuns: 1000 },
      );
    });
  }
});
