// Runs a Prometheus test script against the engine (promqltest's exec/execEval): loads go into an
// in-memory Head, every eval is one case that passes, fails (with the first mismatch) or is
// skipped because it involves native histograms, which the storage cannot hold.

import { matchesLabels } from '@telemeter/storage';
import type { QueryResult, Vector } from '../engine/values.js';
import { type Expr, walkExpr } from '../parser/ast.js';
import { format } from '../parser/format.js';
import { parse } from '../parser/parser.js';
import { atModifierEvalTimes, pinToEvalTime } from './at-modifier.js';
import {
  checkAnnotations,
  checkExpectedFailure,
  compareResult,
  compareVector,
  type PointGrid,
} from './compare.js';
import { TestScriptError } from './errors.js';
import { type EvalCommand, parseTestScript } from './script.js';
import { type Queryable, ScriptStorage } from './storage.js';

/** What the runner needs of an engine (the Engine of ../engine/engine.ts fits). */
export interface TestEngine {
  instantQuery(queryable: Queryable, expr: string, timeMs: number): Promise<QueryResult>;
  rangeQuery(
    queryable: Queryable,
    expr: string,
    startMs: number,
    endMs: number,
    stepMs: number,
  ): Promise<QueryResult>;
}

export interface RunOptions {
  engine: TestEngine;
  /** Named in failure messages. */
  file?: string;
  /**
   * promqltest's extra checks of instant queries: re-run with `@` pinned selectors at other times,
   * and as a range query around the evaluation time. Default true.
   */
  stepInvarianceChecks?: boolean;
}

export interface CaseFailure {
  line: number;
  message: string;
}

export interface RunResult {
  passed: number;
  failed: number;
  /** Cases that load or expect native histograms. */
  skipped: number;
  failures: CaseFailure[];
}

const QUERY_CONTEXT_FUNCS = /(start|end|range|step)\(\)/;

function nameRegex(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-zA-Z0-9_:])${escaped}($|[^a-zA-Z0-9_:])`);
}

/**
 * Whether the case reads or expects native histograms: a result point is one, or a selector of
 * the query matches a series that holds them (by name in the text when the query does not parse).
 */
function usesNativeHistograms(cmd: EvalCommand, storage: ScriptStorage): boolean {
  if (cmd.expectedSeries.some((s) => s.values.some((v) => v.kind === 'histogram'))) return true;
  if (storage.nativeHistogramSeries.size === 0) return false;
  let ast: Expr;
  try {
    ast = parse(cmd.expr);
  } catch {
    for (const name of storage.nativeHistogramNames)
      if (name !== '' && nameRegex(name).test(cmd.expr)) return true;
    return false;
  }
  let found = false;
  walkExpr(ast, (node) => {
    if (found || node.type !== 'VectorSelector') return;
    for (const labels of storage.nativeHistogramSeries.values()) {
      if (matchesLabels(node.matchers, labels)) {
        found = true;
        return;
      }
    }
  });
  return found;
}

const isOrdered = (cmd: EvalCommand) => cmd.expectations.some((e) => e.type === 'ordered');
const isFail = (cmd: EvalCommand) =>
  cmd.expectations.some((e) => e.type === 'fail') ||
  cmd.failMessage !== undefined ||
  cmd.failRegexp !== undefined;

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

class CaseFailed extends Error {}

/** Runs one query and checks failure expectations and annotations; returns the result to compare. */
async function runQuery(
  cmd: EvalCommand,
  expr: string,
  run: () => Promise<QueryResult>,
): Promise<QueryResult | undefined> {
  let result: QueryResult;
  try {
    result = await run();
  } catch (err) {
    // promqltest parses every expression up front: a parse error never counts as the expected failure.
    if (isFail(cmd) && !(err instanceof Error && err.name === 'PromQLParseError')) {
      const mismatch = checkExpectedFailure(cmd, errorMessage(err));
      if (mismatch !== undefined) throw new CaseFailed(mismatch);
      return undefined;
    }
    throw new CaseFailed(`error evaluating query ${JSON.stringify(expr)}: ${errorMessage(err)}`);
  }
  if (isFail(cmd))
    throw new CaseFailed(`expected error evaluating query ${JSON.stringify(expr)} but got none`);
  const annotations = checkAnnotations(cmd, result.warnings, result.infos);
  if (annotations !== undefined) throw new CaseFailed(`${annotations} (query ${JSON.stringify(expr)})`);
  return result;
}

async function runInstant(
  engine: TestEngine,
  queryable: Queryable,
  cmd: EvalCommand,
  expr: string,
  timeMs: number,
  rangeCheck: boolean,
): Promise<void> {
  const result = await runQuery(cmd, expr, () => engine.instantQuery(queryable, expr, timeMs));
  if (result === undefined) return;
  const grid: PointGrid = cmd.rangeVector ?? { startMs: cmd.startMs, endMs: cmd.endMs, stepMs: cmd.stepMs };
  const mismatch = compareResult(cmd, result, grid, isOrdered(cmd));
  if (mismatch !== undefined)
    throw new CaseFailed(`${mismatch} (query ${JSON.stringify(expr)} at ${timeMs})`);
  if (!rangeCheck || cmd.rangeVector !== undefined || cmd.expectedString !== undefined) return;
  if (QUERY_CONTEXT_FUNCS.test(expr)) return;

  // The same query as a range query must give the same value at the middle step.
  let range: QueryResult;
  try {
    range = await engine.rangeQuery(queryable, expr, timeMs - 60_000, timeMs + 60_000, 60_000);
  } catch (err) {
    throw new CaseFailed(
      `error evaluating query ${JSON.stringify(expr)} in range mode: ${errorMessage(err)}`,
    );
  }
  if (isOrdered(cmd)) return;
  if (range.resultType !== 'matrix') throw new CaseFailed(`range query returned a ${range.resultType}`);
  const vector: Vector = [];
  for (const series of range.result) {
    const i = series.ts.indexOf(timeMs);
    if (i >= 0) vector.push({ labels: series.labels, t: timeMs, v: series.vs[i] as number });
  }
  let rangeMismatch: string | undefined;
  if (result.resultType === 'scalar') {
    const point = vector[0];
    rangeMismatch =
      point === undefined
        ? 'range mode returned no point for the scalar'
        : compareResult(cmd, { ...result, result: { t: timeMs, v: point.v } }, grid, false);
  } else {
    rangeMismatch = compareVector(cmd, vector, false);
  }
  if (rangeMismatch !== undefined)
    throw new CaseFailed(`${rangeMismatch} (query ${JSON.stringify(expr)} range mode)`);
}

async function runEval(
  engine: TestEngine,
  queryable: Queryable,
  cmd: EvalCommand,
  checks: boolean,
): Promise<void> {
  if (cmd.range) {
    const result = await runQuery(cmd, cmd.expr, () =>
      engine.rangeQuery(queryable, cmd.expr, cmd.startMs, cmd.endMs, cmd.stepMs),
    );
    if (result === undefined) return;
    const mismatch = compareResult(cmd, result, cmd, isOrdered(cmd));
    if (mismatch !== undefined) throw new CaseFailed(mismatch);
    return;
  }
  await runInstant(engine, queryable, cmd, cmd.expr, cmd.startMs, checks);
  if (!checks) return;
  let pinned: string | undefined;
  try {
    const ast = parse(cmd.expr);
    if (pinToEvalTime(ast, cmd.startMs)) pinned = format(ast);
  } catch {
    return; // The main query already reported what is wrong with the expression.
  }
  if (pinned === undefined) return;
  for (const timeMs of atModifierEvalTimes(cmd.startMs)) {
    await runInstant(engine, queryable, cmd, pinned, timeMs, true);
  }
}

/** Parses and runs a whole script. A script that does not parse throws TestScriptError. */
export async function runTestScript(text: string, options: RunOptions): Promise<RunResult> {
  const script = parseTestScript(text);
  const storage = new ScriptStorage();
  const checks = options.stepInvarianceChecks ?? true;
  const result: RunResult = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const cmd of script.commands) {
    if (cmd.kind === 'clear') {
      storage.clear();
    } else if (cmd.kind === 'load') {
      await storage.load(cmd);
    } else if (usesNativeHistograms(cmd, storage)) {
      result.skipped++;
    } else {
      try {
        await runEval(options.engine, storage.queryable, cmd, checks);
        result.passed++;
      } catch (err) {
        result.failed++;
        const where = options.file === undefined ? '' : `${options.file}:${cmd.line}: `;
        const message = err instanceof CaseFailed ? err.message : `runner error: ${errorMessage(err)}`;
        result.failures.push({ line: cmd.line, message: `${where}eval ${cmd.expr}: ${message}` });
      }
    }
  }
  return result;
}

export { TestScriptError };
