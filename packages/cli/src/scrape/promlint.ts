/**
 * The lint rules of `promtool check metrics` (Prometheus 2.42, which runs client_golang's
 * prometheus/testutil/promlint), with the same problem texts so that output can be compared
 * line for line. Each rule looks at one family.
 */
import type { ParsedFamilyType } from '@telemeter/core';

export interface LintFamily {
  readonly name: string;
  readonly type: ParsedFamilyType;
  /** Whether the exposition had a HELP line for it (an empty HELP text counts as help). */
  readonly hasHelp: boolean;
  /** The label names of each series, `le` and `quantile` included. */
  readonly labelNames: ReadonlySet<string>;
}

/** promlint's `units`: each known unit and the base unit it should be written in. */
const UNITS: Readonly<Record<string, string>> = {
  amperes: 'amperes',
  bytes: 'bytes',
  celsius: 'celsius',
  grams: 'grams',
  joules: 'joules',
  kelvin: 'kelvin',
  meters: 'meters',
  metres: 'metres',
  seconds: 'seconds',
  volts: 'volts',
  minutes: 'seconds',
  hours: 'seconds',
  days: 'seconds',
  weeks: 'seconds',
  kelvins: 'kelvin',
  fahrenheit: 'celsius',
  rankine: 'celsius',
  inches: 'meters',
  yards: 'meters',
  miles: 'meters',
  bits: 'bytes',
  calories: 'joules',
  pounds: 'grams',
  ounces: 'grams',
};

const UNIT_PREFIXES = [
  'pico',
  'nano',
  'micro',
  'milli',
  'centi',
  'deci',
  'deca',
  'hecto',
  'kilo',
  'kibi',
  'mega',
  'mibi',
  'giga',
  'gibi',
  'tera',
  'tebi',
  'peta',
  'pebi',
];

const UNIT_ABBREVIATIONS = ['s', 'ms', 'us', 'ns', 'sec', 'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'm', 'h', 'd'];

/** The metric types promlint looks for in names (dto.MetricType names but UNTYPED, lower-cased). */
const TYPE_NAMES = ['counter', 'gauge', 'summary', 'histogram', 'gauge_histogram'];

const CAMEL_CASE = /[a-z][A-Z]/;

function lintHelp(f: LintFamily): string[] {
  return f.hasHelp ? [] : ['no help text'];
}

function lintMetricUnits(f: LintFamily): string[] {
  const words = new Set(f.name.split('_'));
  for (const [unit, base] of Object.entries(UNITS)) {
    for (const prefix of [...UNIT_PREFIXES, '']) {
      const word = prefix + unit;
      if (words.has(word)) return word === base ? [] : [`use base unit "${base}" instead of "${word}"`];
    }
  }
  return [];
}

function lintCounter(f: LintFamily, openMetrics: boolean): string[] {
  const hasTotal = f.name.endsWith('_total');
  // OpenMetrics names a counter's family without `_total` and requires it on the sample.
  if (f.type === 'counter' && !hasTotal && !openMetrics)
    return ['counter metrics should have "_total" suffix'];
  if (f.type !== 'unknown' && f.type !== 'counter' && hasTotal) {
    return ['non-counter metrics should not have "_total" suffix'];
  }
  return [];
}

function lintHistogramSummaryReserved(f: LintFamily): string[] {
  if (f.type === 'unknown') return [];
  const histogram = f.type === 'histogram' || f.type === 'gaugehistogram';
  const summary = f.type === 'summary';
  const out: string[] = [];
  if (!histogram && f.name.endsWith('_bucket'))
    out.push('non-histogram metrics should not have "_bucket" suffix');
  if (!histogram && !summary && f.name.endsWith('_count')) {
    out.push('non-histogram and non-summary metrics should not have "_count" suffix');
  }
  if (!histogram && !summary && f.name.endsWith('_sum')) {
    out.push('non-histogram and non-summary metrics should not have "_sum" suffix');
  }
  if (!histogram && f.labelNames.has('le')) out.push('non-histogram metrics should not have "le" label');
  if (!summary && f.labelNames.has('quantile'))
    out.push('non-summary metrics should not have "quantile" label');
  return out;
}

function lintMetricTypeInName(f: LintFamily): string[] {
  const name = f.name.toLowerCase();
  return TYPE_NAMES.filter((t) => name.includes(`_${t}_`) || name.endsWith(`_${t}`)).map(
    (t) => `metric name should not include type '${t}'`,
  );
}

function lintReservedChars(f: LintFamily): string[] {
  return f.name.includes(':') ? ["metric names should not contain ':'"] : [];
}

function lintCamelCase(f: LintFamily): string[] {
  const out: string[] = [];
  if (CAMEL_CASE.test(f.name)) out.push("metric names should be written in 'snake_case' not 'camelCase'");
  if ([...f.labelNames].some((label) => CAMEL_CASE.test(label))) {
    out.push("label names should be written in 'snake_case' not 'camelCase'");
  }
  return out;
}

function lintUnitAbbreviations(f: LintFamily): string[] {
  const name = f.name.toLowerCase();
  return UNIT_ABBREVIATIONS.some((s) => name.includes(`_${s}_`) || name.endsWith(`_${s}`))
    ? ['metric names should not contain abbreviated units']
    : [];
}

/** Every promlint problem of one family, as promtool words it. */
export function promlint(family: LintFamily, openMetrics = false): string[] {
  return [
    ...lintHelp(family),
    ...lintMetricUnits(family),
    ...lintCounter(family, openMetrics),
    ...lintHistogramSummaryReserved(family),
    ...lintMetricTypeInName(family),
    ...lintReservedChars(family),
    ...lintCamelCase(family),
    ...lintUnitAbbreviations(family),
  ];
}
