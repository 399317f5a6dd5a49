// The Prometheus test-script language (promql/promqltest, see shared/conformance/promql/FORMAT.md):
// parses a script into load / clear / eval commands. Lines are trimmed, `#` lines are comments and
// a blank line ends a command's block.

import { goRegexToJs } from '@telemeter/storage';
import { parseScriptDuration } from './duration.js';
import { TestScriptError } from './errors.js';
import { parseGoNumber, parseSeriesDescription, readQuoted, type SequenceValue } from './series.js';

export interface LoadSeries {
  readonly labels: Record<string, string>;
  readonly values: SequenceValue[];
  readonly line: number;
}

export interface LoadCommand {
  readonly kind: 'load';
  readonly line: number;
  readonly intervalMs: number;
  /** `load_with_nhcb`: classic histograms are also loaded as native histograms with custom buckets. */
  readonly withNhcb: boolean;
  readonly series: LoadSeries[];
}

export interface ClearCommand {
  readonly kind: 'clear';
  readonly line: number;
}

export type ExpectType = 'fail' | 'warn' | 'no_warn' | 'info' | 'no_info' | 'ordered';

/** An `expect` line: `match` is undefined for "any message". */
export interface Expectation {
  readonly type: ExpectType;
  readonly match?:
    | { readonly kind: 'msg'; readonly text: string }
    | { readonly kind: 'regex'; readonly regex: RegExp };
}

export interface ExpectedSeries {
  readonly labels: Record<string, string>;
  readonly values: SequenceValue[];
  /** 1-based position among the result lines (what `ordered` checks). */
  readonly position: number;
  readonly line: number;
}

export interface EvalCommand {
  readonly kind: 'eval';
  readonly line: number;
  readonly expr: string;
  readonly range: boolean;
  /** Instant: the evaluation time; range: the start. Milliseconds since the epoch. */
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
  readonly expectations: Expectation[];
  /** Deprecated `expected_fail_message` / `expected_fail_regexp`. */
  readonly failMessage?: string;
  readonly failRegexp?: RegExp;
  /** Set by `expect range vector`: an instant query that returns a range vector. */
  readonly rangeVector?: { readonly startMs: number; readonly endMs: number; readonly stepMs: number };
  /** Set by `expect string "..."`. */
  readonly expectedString?: string;
  /** A bare number result line. */
  readonly expectedScalar?: number;
  readonly expectedSeries: ExpectedSeries[];
}

export type Command = LoadCommand | ClearCommand | EvalCommand;

export interface TestScript {
  readonly commands: Command[];
}

const PAT_LOAD = /^load(?:_(with_nhcb))?\s+(.+?)$/;
const PAT_EVAL_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const PAT_EVAL_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const PAT_EXPECT = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;
const PAT_EXPECT_RANGE = /^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$/;

/** An unanchored search for a Go regexp (expected error messages), in storage's RE2 translation. */
function compileGoRegex(pattern: string, line: number): RegExp {
  const source = goRegexToJs(pattern);
  try {
    return new RegExp(source, 'u');
  } catch {
    try {
      return new RegExp(source);
    } catch (err) {
      throw new TestScriptError(line, `invalid regex ${pattern}: ${(err as Error).message}`);
    }
  }
}

function parseLoad(lines: string[], i: number): { next: number; command: LoadCommand } {
  const m = PAT_LOAD.exec(lines[i] as string);
  if (m === null)
    throw new TestScriptError(i + 1, 'invalid load command. (load[_with_nhcb] <step:duration>)');
  const intervalMs = parseScriptDuration(m[2] as string, i + 1);
  const series: LoadSeries[] = [];
  const start = i;
  while (i + 1 < lines.length && lines[i + 1] !== '') {
    i++;
    const text = lines[i] as string;
    if (/^\S*@st\s/.test(text))
      throw new TestScriptError(i + 1, 'start timestamp (@st) lines are not supported');
    const desc = parseSeriesDescription(text, i + 1);
    series.push({ labels: desc.labels, values: desc.values, line: i + 1 });
  }
  return {
    next: i,
    command: { kind: 'load', line: start + 1, intervalMs, withNhcb: m[1] !== undefined, series },
  };
}

function parseExpect(text: string, line: number): Expectation {
  const m = PAT_EXPECT.exec(text);
  if (m === null) {
    throw new TestScriptError(
      line,
      'invalid expect statement, must match `expect <type> <match_type>: <string>` format',
    );
  }
  const type = m[1] as ExpectType;
  if (m[2] === undefined) return { type };
  const body = (m[3] as string).trim();
  if (m[2] === 'msg') return { type, match: { kind: 'msg', text: body } };
  return { type, match: { kind: 'regex', regex: compileGoRegex(body, line) } };
}

function validateExpectations(list: Expectation[], line: number): void {
  const has = (t: ExpectType) => list.some((e) => e.type === t);
  if (has('info') && has('no_info')) {
    throw new TestScriptError(line, 'invalid expect lines, info and no_info cannot be used together');
  }
  if (has('warn') && has('no_warn')) {
    throw new TestScriptError(line, 'invalid expect lines, warn and no_warn cannot be used together');
  }
  if (list.filter((e) => e.type === 'fail').length > 1) {
    throw new TestScriptError(line, 'invalid expect lines, multiple expect fail lines are not allowed');
  }
}

function parseRangeTimes(from: string, to: string, step: string, line: number) {
  const startMs = parseScriptDuration(from, line);
  const endMs = parseScriptDuration(to, line);
  if (endMs < startMs) {
    throw new TestScriptError(
      line,
      `invalid test definition, end timestamp (${to}) is before start timestamp (${from})`,
    );
  }
  return { startMs, endMs, stepMs: parseScriptDuration(step, line) };
}

function parseEval(lines: string[], i: number): { next: number; command: EvalCommand } {
  const text = lines[i] as string;
  const line = i + 1;
  const instant = PAT_EVAL_INSTANT.exec(text);
  const range = instant === null ? PAT_EVAL_RANGE.exec(text) : null;
  if (instant === null && range === null) {
    throw new TestScriptError(
      line,
      "invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant [at <offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to> step <step> <query>'",
    );
  }
  const expectations: Expectation[] = [];
  const modifier = (instant ?? range)?.[1];
  if (modifier !== undefined) expectations.push({ type: modifier as ExpectType });
  let times: { startMs: number; endMs: number; stepMs: number };
  let expr: string;
  if (instant) {
    const at = parseScriptDuration(instant[2] ?? '', line);
    times = { startMs: at, endMs: at, stepMs: 0 };
    expr = instant[3] as string;
  } else {
    const r = range as RegExpExecArray;
    times = parseRangeTimes(r[2] as string, r[3] as string, r[4] as string, line);
    expr = r[5] as string;
  }
  const deprecatedFail = modifier === 'fail';
  let failMessage: string | undefined;
  let failRegexp: RegExp | undefined;
  let rangeVector: EvalCommand['rangeVector'];
  let expectedString: string | undefined;
  let expectedScalar: number | undefined;
  const expectedSeries: ExpectedSeries[] = [];
  while (i + 1 < lines.length && lines[i + 1] !== '') {
    i++;
    const def = lines[i] as string;
    if (deprecatedFail && def.startsWith('expected_fail_message')) {
      failMessage = def.slice('expected_fail_message'.length).trim();
      break;
    }
    if (deprecatedFail && def.startsWith('expected_fail_regexp')) {
      failRegexp = compileGoRegex(def.slice('expected_fail_regexp'.length).trim(), i + 1);
      break;
    }
    if (def.startsWith('expect range vector')) {
      const m = PAT_EXPECT_RANGE.exec(def);
      if (m === null)
        throw new TestScriptError(i + 1, `invalid range vector definition ${JSON.stringify(def)}`);
      rangeVector = parseRangeTimes(m[1] as string, m[2] as string, m[3] as string, i + 1);
      continue;
    }
    if (def.startsWith('expect string')) {
      const quoted = def.slice('expect string'.length).trim();
      if (quoted === '') {
        throw new TestScriptError(
          i + 1,
          'expected string literal not valid - a quoted string literal is required',
        );
      }
      const q = readQuoted(quoted, 0, i + 1);
      if (q.end !== quoted.length) {
        throw new TestScriptError(
          i + 1,
          'expected string literal not valid - check that the string is correctly quoted',
        );
      }
      expectedString = q.value;
      continue;
    }
    if (def.split(' ')[0] === 'expect') {
      expectations.push(parseExpect(def, i + 1));
      validateExpectations(expectations, i + 1);
      continue;
    }
    const scalar = parseGoNumber(def);
    if (scalar !== undefined) {
      expectedScalar = scalar;
      break;
    }
    const desc = parseSeriesDescription(def, i + 1);
    if (desc.values.length > 1 && instant && rangeVector === undefined) {
      throw new TestScriptError(
        i + 1,
        "expecting multiple values in instant evaluation not allowed. consider using 'expect range vector' directive to enable a range vector result for an instant query",
      );
    }
    expectedSeries.push({
      labels: desc.labels,
      values: desc.values,
      position: expectedSeries.length + 1,
      line: i + 1,
    });
  }
  const command: EvalCommand = {
    kind: 'eval',
    line,
    expr,
    range: range !== null,
    ...times,
    expectations,
    expectedSeries,
    ...(failMessage !== undefined ? { failMessage } : {}),
    ...(failRegexp !== undefined ? { failRegexp } : {}),
    ...(rangeVector !== undefined ? { rangeVector } : {}),
    ...(expectedString !== undefined ? { expectedString } : {}),
    ...(expectedScalar !== undefined ? { expectedScalar } : {}),
  };
  return { next: i, command };
}

/** Parses a whole test script; throws TestScriptError (with the 1-based line) when malformed. */
export function parseTestScript(text: string): TestScript {
  const lines = text.split('\n').map((l) => {
    const t = l.trim();
    return t.startsWith('#') ? '' : t;
  });
  const commands: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l === '') continue;
    const word = (l.split(/[\t ]+/, 1)[0] as string).toLowerCase();
    if (word === 'clear') {
      commands.push({ kind: 'clear', line: i + 1 });
    } else if (word.startsWith('load')) {
      const r = parseLoad(lines, i);
      commands.push(r.command);
      i = r.next;
    } else if (word.startsWith('eval')) {
      const r = parseEval(lines, i);
      commands.push(r.command);
      i = r.next;
    } else {
      throw new TestScriptError(i + 1, `invalid command ${JSON.stringify(l)}`);
    }
  }
  return { commands };
}
