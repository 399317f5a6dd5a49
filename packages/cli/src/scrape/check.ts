/**
 * `telemeter scrape`'s verdict on an exposition body: the first parse error with its line, or
 * promtool's lint problems plus two of our own (a histogram without a `+Inf` bucket and a series
 * written twice, which promtool 2.42 lets through but a scrape by Prometheus rejects or misreads).
 */
import {
  createExpositionParser,
  ExpositionParseError,
  type Labels,
  type ParsedFamilyInfo,
  type ParsedSample,
  type ParseFormat,
} from '@telemeter/core';
import { formatLabels } from '../output/labels.js';
import { type LintFamily, promlint } from './promlint.js';

export interface ParseProblem {
  readonly line: number;
  readonly column?: number;
  readonly message: string;
}

export interface LintProblem {
  /** The family (or series) the problem is about. */
  readonly metric: string;
  readonly message: string;
  readonly line?: number;
  /** True for the checks `promtool check metrics` does not make. */
  readonly extra?: boolean;
}

export interface ExpositionCheck {
  readonly families: number;
  /** Distinct label sets per family, a histogram's or summary's lines counted once. */
  readonly series: number;
  /** Sample lines. */
  readonly samples: number;
  readonly parseError?: ParseProblem;
  readonly problems: readonly LintProblem[];
}

interface Family {
  info: ParsedFamilyInfo;
  samples: { sample: ParsedSample; line: number }[];
}

interface LineScan {
  /** 1-based line of each sample, in order. */
  sampleLines: number[];
  /** Names that have a HELP line. */
  help: Set<string>;
  /** promtool (expfmt) refuses a second HELP line for a name; our parser does not. */
  duplicateHelp?: ParseProblem;
}

function scanLines(body: string): LineScan {
  const sampleLines: number[] = [];
  const helpLines = new Map<string, number>();
  let duplicateHelp: ParseProblem | undefined;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (!line.startsWith('#')) {
      sampleLines.push(i + 1);
      continue;
    }
    const help = /^#\s+HELP\s+(\S+)/.exec(line);
    if (!help) continue;
    const name = help[1]!;
    if (helpLines.has(name) && !duplicateHelp) {
      duplicateHelp = {
        line: i + 1,
        message: `second HELP line for metric name "${name}" (first on line ${helpLines.get(name)})`,
      };
    }
    if (!helpLines.has(name)) helpLines.set(name, i + 1);
  }
  return { sampleLines, help: new Set(helpLines.keys()), duplicateHelp };
}

function seriesKey(labels: Labels, drop: string): string {
  return Object.keys(labels)
    .filter((key) => key !== drop)
    .sort()
    .map((key) => `${key}\u0000${labels[key]}`)
    .join('\u0001');
}

/** Our two checks beyond promtool, per family. */
function extraProblems(family: Family): LintProblem[] {
  const out: LintProblem[] = [];
  const seen = new Map<string, number>();
  for (const { sample, line } of family.samples) {
    const key = `${sample.name}\u0002${seriesKey(sample.labels, '')}`;
    const first = seen.get(key);
    if (first !== undefined) {
      out.push({
        metric: family.info.name,
        message: `duplicate series ${sample.name}${formatLabels(sample.labels)} (first on line ${first})`,
        line,
        extra: true,
      });
    } else seen.set(key, line);
  }
  if (family.info.type === 'histogram' || family.info.type === 'gaugehistogram') {
    const buckets = new Map<string, { line: number; labels: Labels; inf: boolean }>();
    for (const { sample, line } of family.samples) {
      if (!sample.name.endsWith('_bucket')) continue;
      const key = seriesKey(sample.labels, 'le');
      const entry = buckets.get(key) ?? { line, labels: sample.labels, inf: false };
      if (sample.labels.le === '+Inf' || sample.labels.le === 'Inf') entry.inf = true;
      buckets.set(key, entry);
    }
    for (const { line, labels, inf } of buckets.values()) {
      if (inf) continue;
      const { le: _le, ...rest } = labels;
      out.push({
        metric: family.info.name,
        message: `histogram ${family.info.name}${formatLabels(rest)} has no le="+Inf" bucket`,
        line,
        extra: true,
      });
    }
  }
  return out;
}

function countSeries(family: Family): number {
  const drop = family.info.type === 'summary' ? 'quantile' : 'le';
  const keys = new Set<string>();
  for (const { sample } of family.samples) keys.add(seriesKey(sample.labels, drop));
  return keys.size;
}

export function checkExposition(body: string, format: ParseFormat): ExpositionCheck {
  const scan = scanLines(body);
  const families: Family[] = [];
  const byInfo = new Map<ParsedFamilyInfo, Family>();
  let index = 0;
  let parseError: ParseProblem | undefined;
  try {
    const parser = createExpositionParser({
      format,
      onFamily: (info) => {
        const family = { info, samples: [] };
        byInfo.set(info, family);
        families.push(family);
      },
      onSample: (sample, info) => {
        byInfo.get(info)?.samples.push({ sample, line: scan.sampleLines[index] ?? 0 });
        index++;
      },
    });
    parser.write(body);
    parser.end();
  } catch (error) {
    if (!(error instanceof ExpositionParseError)) throw error;
    parseError = {
      line: error.line,
      column: error.column,
      message: error.message.replace(/^line \d+, column \d+: /, ''),
    };
  }
  if (scan.duplicateHelp && (!parseError || scan.duplicateHelp.line < parseError.line)) {
    parseError = scan.duplicateHelp;
  }
  const samples = families.reduce((n, f) => n + f.samples.length, 0);
  const series = families.reduce((n, f) => n + countSeries(f), 0);
  if (parseError) return { families: families.length, series, samples, parseError, problems: [] };

  const problems: LintProblem[] = [];
  for (const family of families) {
    // Like promtool, a family with no samples (a lone HELP or TYPE) is not linted.
    if (family.samples.length === 0) continue;
    const labelNames = new Set<string>();
    for (const { sample } of family.samples)
      for (const key of Object.keys(sample.labels)) labelNames.add(key);
    const lintFamily: LintFamily = {
      name: family.info.name,
      type: family.info.type,
      hasHelp: scan.help.has(family.info.name),
      labelNames,
    };
    for (const message of new Set(promlint(lintFamily, format === 'openmetrics'))) {
      problems.push({ metric: family.info.name, message });
    }
    problems.push(...extraProblems(family));
  }
  // promtool prints its problems sorted by metric name, then text.
  problems.sort((a, b) =>
    a.metric === b.metric
      ? a.message < b.message
        ? -1
        : a.message > b.message
          ? 1
          : 0
      : a.metric < b.metric
        ? -1
        : 1,
  );
  return { families: families.length, series, samples, problems };
}
