import { createExpositionParser } from '@telemeter/core';
import { type Appender, isStaleNaN, labelsKey } from '@telemeter/storage';
import fc from 'fast-check';
import type { SampleRules, ScrapeBatch } from '../scrape-batch.js';
import type { RelabelConfig } from '../types.js';

// Scrapes of one target for the ScrapeBatch properties: lines from a small pool (so that series
// recur, vanish and come back), each written in one of several styles (so that one series comes
// as different texts), with rules that relabel, drop and limit.

export interface Line {
  readonly name: string;
  readonly pairs: readonly (readonly [string, string])[];
  readonly explicit: boolean;
  readonly value: number;
  /** How the line is written: texts that differ (blanks, commas, escapes) for the same series. */
  readonly style: number;
}

export interface Scrape {
  readonly lines: readonly Line[];
  /** The exposition ends in a line the parser rejects: the scrape fails after its samples. */
  readonly broken: boolean;
  /** The loop's rules-changed call (a config reload) before this scrape. */
  readonly reload: boolean;
}

export const line: fc.Arbitrary<Line> = fc.record({
  name: fc.constantFrom('up', 'a_total', 'http_request_duration_seconds_bucket'),
  pairs: fc.uniqueArray(
    fc.tuple(
      fc.constantFrom('le', 'job', 'instance', 'path', 'x'),
      fc.constantFrom('', '1', 'GET', '/api/v1/resource-00/:id', 'é', 'q"uote', 'a\\z'),
    ),
    { maxLength: 3, selector: ([k]) => k },
  ),
  explicit: fc.boolean(),
  value: fc.integer({ min: 0, max: 9 }),
  style: fc.nat(3),
});
/** Scrapes of one target: lines from a small pool, so that series recur, vanish and come back. */
export const scrapes: fc.Arbitrary<Scrape[]> = fc.array(line, { minLength: 1, maxLength: 6 }).chain((pool) =>
  fc.array(
    fc.record({
      lines: fc.array(fc.constantFrom(...pool), { maxLength: 10 }),
      broken: fc.boolean(),
      reload: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  ),
);

function relabel(action: RelabelConfig['action'], regex: string, sourceLabels: string[] = []): RelabelConfig {
  return { sourceLabels, separator: ';', regex, replacement: '$1', action };
}

export const rules: fc.Arbitrary<SampleRules> = fc.record({
  targetLabels: fc.constant([
    ['instance', 'host:9100'],
    ['job', 'app'],
  ] as const),
  honorLabels: fc.boolean(),
  honorTimestamps: fc.constant(true),
  sampleLimit: fc.constantFrom(0, 4),
  metricRelabelConfigs: fc.constantFrom(
    [],
    [relabel('labeldrop', 'x')],
    [relabel('drop', 'up', ['__name__'])],
    [relabel('labeldrop', 'path|exported_job')],
  ),
  externalLabels: fc.constant([['region', 'eu']] as const),
  where: fc.constant('scrape config "test"'),
});

/** A line's value in scrape `i`: the same series text carries a new value each scrape. */
export const valueAt = (l: Line, i: number) => l.value + i;

export function exposition(lines: readonly Line[], t: number, broken: boolean, i = 0): string {
  // Style 3 leaves the backslash of an unknown escape (`\z`) as is, which reads as the same value.
  const quoted = (v: string, style: number) =>
    (style === 3 ? v.replaceAll('\\z', '\u0000') : v)
      .replaceAll('\\', '\\\\')
      .replaceAll('"', '\\"')
      .replaceAll('\u0000', '\\z');
  const text = lines.map((l) => {
    const [open, eq, sep, close] =
      l.style === 1
        ? ['{ ', ' = ', ' , ', ' }']
        : l.style === 2
          ? ['{', '=', ',', ',}']
          : ['{', '=', ',', '}'];
    const labels = l.pairs.map(([k, v]) => `${k}${eq}"${quoted(v, l.style)}"`).join(sep);
    const series =
      labels === '' ? (l.style === 2 ? `${l.name}{}` : l.name) : `${l.name}${open}${labels}${close}`;
    return `${series} ${valueAt(l, i)}${l.explicit ? ` ${t - 500}` : ''}\n`;
  });
  return text.join('') + (broken ? '}broken\n' : '');
}

/** Parses `text` into `batch` as a scrape does: with the series text (seriesText), or with labels only. */
export function run(batch: ScrapeBatch, text: string, seriesText = true): void {
  const parser = createExpositionParser({
    format: 'prometheus',
    onSample: batch.onSample,
    onFamily: batch.onFamily,
    seriesText,
  });
  parser.write(text);
  parser.end();
  batch.finish();
}

/** A real DB appender that also keeps what was appended, as `key t value` lines. */
export function tapped(app: Appender, log: string[]): Appender {
  return {
    append(labels, t, v) {
      log.push(`${labelsKey(labels)} ${t} ${isStaleNaN(v) ? 'stale' : v}`);
      app.append(labels, t, v);
    },
    setMetadata: (name, m) => app.setMetadata(name, m),
    commit: () => app.commit(),
    rollback: () => app.rollback(),
  };
}
