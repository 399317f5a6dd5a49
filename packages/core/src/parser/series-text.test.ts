import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ExpositionParseError } from '../errors.js';
import { createExpositionParser } from './parse-exposition.js';
import type { ParsedSample, ParseFormat } from './types.js';

// The `seriesText` option changes how a sample is handed out (its series text, labels built when
// read), never what is parsed: whatever the input, the samples and the errors must be those of
// the plain parser, and the labels must be right whether read during the callback (from the
// parser's buffers) or after it (read again from the series text).

interface Seen {
  readonly name: string;
  readonly labels: unknown;
  readonly value: number;
  readonly timestamp: number | undefined;
  readonly exemplar: unknown;
}

const plainOf = (s: ParsedSample): Seen => ({
  name: s.name,
  labels: { ...s.labels },
  value: s.value,
  timestamp: s.timestamp,
  exemplar: s.exemplar,
});

/** What a parse produced, as data: samples (and the series samples themselves) or the error. */
function parse(chunks: readonly string[], format: ParseFormat, seriesText: boolean) {
  const seen: Seen[] = [];
  const kept: ParsedSample[] = [];
  const parser = createExpositionParser({
    format,
    seriesText,
    onSample: (s) => {
      // Half the samples have their labels read in the callback, the rest only afterwards.
      if (seen.length % 2 === 0) seen.push(plainOf(s));
      else seen.push({ ...plainOf({ ...s, labels: {} }), labels: undefined });
      kept.push(s);
    },
  });
  try {
    for (const chunk of chunks) parser.write(chunk);
    parser.end();
  } catch (e) {
    if (!(e instanceof ExpositionParseError)) throw e;
    return { error: e.message, seen, kept };
  }
  return { error: undefined, seen, kept };
}

/** Asserts that seriesText parses `chunks` exactly as the plain parser does. */
function assertSameParse(chunks: readonly string[], format: ParseFormat): void {
  const plain = parse(chunks, format, false);
  const series = parse(chunks, format, true);
  assert.equal(series.error, plain.error);
  assert.equal(series.kept.length, plain.kept.length);
  const text = chunks.join('');
  for (let i = 0; i < plain.kept.length; i++) {
    const p = plain.kept[i] as ParsedSample;
    const s = series.kept[i] as ParsedSample;
    const early = series.seen[i] as Seen;
    assert.deepEqual(early.labels ?? { ...s.labels }, { ...p.labels }, `labels of sample ${i}`);
    assert.deepEqual({ ...plainOf(s), labels: null }, { ...plainOf(p), labels: null }, `sample ${i}`);
    assert.equal(p.series, undefined);
    const st = s.series as string;
    assert.ok(st.startsWith(s.name), `series ${JSON.stringify(st)} starts with the name`);
    assert.ok(text.includes(`\n${st}`) || text.startsWith(st), `series ${JSON.stringify(st)} is in the text`);
  }
}

/** `text` cut into pieces at the given fractions of its length. */
function cut(text: string, at: readonly number[]): string[] {
  const points = [...new Set(at.map((f) => Math.floor(f * text.length)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of points) {
    out.push(text.slice(from, p));
    from = p;
  }
  out.push(text.slice(from));
  return out;
}

const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/).filter((n) => n !== '__name__');
/** Raw label value text: escapes Prometheus knows, unknown ones kept verbatim, wide characters. */
const rawValue = fc
  .array(fc.constantFrom('a', 'é', 'Ω', '😀', ' ', ',', '}', '=', '#', '\\\\', '\\"', '\\n', '\\z', '{'), {
    maxLength: 6,
  })
  .map((parts) => parts.join(''));
const blanks = fc.constantFrom('', '', ' ', '\t', '  ');
/** A Prometheus text label block with the blanks and commas Prometheus accepts. */
const promLabelBlock = fc
  .tuple(
    fc.uniqueArray(fc.tuple(labelName, rawValue, blanks, blanks, blanks, fc.constantFrom(',', ', ', ' ,')), {
      maxLength: 4,
      selector: ([k]) => k,
    }),
    blanks,
    fc.boolean(),
  )
  .map(([pairs, lead, trailingComma]) => {
    const body = pairs.map(([k, v, b1, b2, b3, sep], i) => {
      const last = i === pairs.length - 1;
      return `${b1}${k}${b2}=${b3}"${v}"${last ? (trailingComma ? ',' : '') : sep}`;
    });
    return `{${lead}${body.join('')}${lead}}`;
  });
const metricName = fc.constantFrom('a', 'b_total', 'http_requests_total', 'x:y');
const promLine = fc
  .tuple(metricName, fc.option(fc.tuple(blanks, promLabelBlock), { nil: undefined }), blanks, fc.integer())
  .map(([name, labels, b, v]) => `${name}${labels === undefined ? '' : labels[0] + labels[1]} ${b}${v}`);

describe('seriesText', () => {
  it('parses Prometheus text as the plain parser does, blanks, commas and escapes included', () => {
    fc.assert(
      fc.property(
        fc.array(promLine, { maxLength: 8 }),
        fc.array(fc.double({ min: 0, max: 1 })),
        (lines, at) => {
          assertSameParse(cut(`${lines.join('\n')}\n`, at), 'prometheus');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same outcome, sample or error, for any line of label syntax fragments', () => {
    const fragment = fc.constantFrom(
      'a',
      'x',
      '{',
      '}',
      '=',
      '"',
      ',',
      ' ',
      '\\',
      '\\"',
      '1',
      '#',
      'é',
      '\t',
    );
    const line = fc.array(fragment, { maxLength: 14 }).map((parts) => parts.join(''));
    for (const format of ['prometheus', 'openmetrics'] as const) {
      fc.assert(
        fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), (lines) => {
          const suffix = format === 'openmetrics' ? '# EOF\n' : '';
          assertSameParse([`${lines.map((l) => `${l} 1`).join('\n')}\n${suffix}`], format);
        }),
        { numRuns: 500 },
      );
    }
  });

  it('parses OpenMetrics as the plain parser does, timestamps and exemplars included', () => {
    const value = rawValue.filter((v) => !v.includes('\\z'));
    const om = fc
      .uniqueArray(fc.tuple(labelName, value), { maxLength: 3, selector: ([k]) => k })
      .map((pairs) => (pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${k}="${v}"`).join(',')}}`));
    const text = fc
      .uniqueArray(om, { minLength: 1, maxLength: 4 })
      .chain((sets) =>
        fc.tuple(
          ...sets.map((labels) =>
            fc
              .tuple(fc.nat(1000), fc.boolean(), fc.boolean())
              .map(
                ([v, ts, ex]) =>
                  `c_total${labels} ${v}${ts ? ' 1700000000.5' : ''}${ex ? ' # {trace_id="a\\"b"} 1 1700000000' : ''}`,
              ),
          ),
        ),
      )
      .map((lines) => `# TYPE c counter\n${lines.join('\n')}\n# EOF\n`);
    fc.assert(
      fc.property(text, fc.array(fc.double({ min: 0, max: 1 })), (t, at) =>
        assertSameParse(cut(t, at), 'openmetrics'),
      ),
      { numRuns: 200 },
    );
  });

  it('hands out the series as written, from the name to the closing brace', () => {
    const series: string[] = [];
    const parser = createExpositionParser({
      seriesText: true,
      onSample: (s) => void series.push(s.series as string),
    });
    parser.write('a 1\nb{} 2\nc {x="1"} 3\nd{x="a\\"b",} 4\ne{x="1"}5\nf.5\n');
    parser.end();
    assert.deepEqual(series, ['a', 'b{}', 'c {x="1"}', 'd{x="a\\"b",}', 'e{x="1"}', 'f']);
  });

  it('reads labels from the text once a throwing callback has left the parser', () => {
    let kept: ParsedSample | undefined;
    const parser = createExpositionParser({
      seriesText: true,
      onSample: (s) => {
        if (kept === undefined) {
          kept = s;
          throw new Error('stop');
        }
      },
    });
    assert.throws(() => parser.write('a{x="1",y="\\\\"} 1\nb{x="2",z="3"} 2\n'), /stop/);
    const fresh = createExpositionParser({ seriesText: true, onSample: () => {} });
    fresh.write('a{x="9",y="9"} 1\n');
    assert.deepEqual({ ...kept?.labels }, { x: '1', y: '\\' });
  });
});
