// Dashboard file text (YAML, or JSON, which YAML 1.2 reads too) → a validated DashboardDefinition.
import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { MAX_ISSUES, validateRoot, type Walk } from '../config/validate.js';
import type { DashboardDefinition } from './definition.js';
import { DashboardError, type DashboardIssue } from './errors.js';
import { dashboardSchema } from './schema.js';

/** Far more than any real dashboard; anything past it is an alias bomb or garbage. */
const NODE_BUDGET = 100_000;
const DEFAULT_SOURCE = 'dashboard.yml';

export interface CheckedDashboard {
  /** Undefined when there are issues. */
  readonly definition?: DashboardDefinition;
  readonly issues: readonly DashboardIssue[];
  /** Line of the `id` key, for the duplicate-id message. */
  readonly idLine?: number;
}

/** Every problem in one dashboard file's text; never throws. */
export function checkDashboardText(text: string, file: string): CheckedDashboard {
  if (typeof text !== 'string') {
    return { issues: [{ file, path: '', message: `expected the dashboard as text, got ${typeof text}` }] };
  }
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    // The yaml package reports problems in doc.errors; a throw would be its own failure (e.g. stack depth).
    return { issues: [{ file, path: '', message: `cannot parse YAML: ${(err as Error).message}` }] };
  }
  if (doc.errors.length > 0) {
    const issues = doc.errors.slice(0, MAX_ISSUES).map((error): DashboardIssue => {
      const { line, col } = lines.linePos(error.pos[0]);
      return { file, path: '', message: `YAML: ${error.message}`, line, column: col };
    });
    return { issues };
  }
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    return {
      issues: [{ file, path: '', message: 'the file is empty; expected a dashboard (id, title, rows)' }],
    };
  }
  const walk: Walk = { doc, lines, baseDir: '.', issues: [], budget: NODE_BUDGET };
  const value = validateRoot(dashboardSchema, contents, walk);
  const issues = [...walk.issues]
    .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity))
    .map((issue): DashboardIssue => ({ file, ...issue }));
  if (issues.length >= MAX_ISSUES)
    issues.push({ file, path: '', message: `stopped after ${MAX_ISSUES} problems` });
  const idLine = idLineOf(doc, lines);
  if (issues.length > 0 || value === undefined)
    return { issues, ...(idLine === undefined ? {} : { idLine }) };
  return {
    definition: value as DashboardDefinition,
    issues: [],
    ...(idLine === undefined ? {} : { idLine }),
  };
}

function idLineOf(doc: Document, lines: LineCounter): number | undefined {
  if (!isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find((item) => isScalar(item.key) && item.key.value === 'id');
  const range = (pair?.value as { range?: [number, number, number] } | null | undefined)?.range;
  return range === undefined ? undefined : lines.linePos(range[0]).line;
}

/**
 * Parses and validates one dashboard; `source` names it in messages. Throws a DashboardError
 * listing every problem.
 */
export function parseDashboard(text: string, source?: string): DashboardDefinition {
  const checked = checkDashboardText(text, source ?? DEFAULT_SOURCE);
  if (checked.definition === undefined) throw new DashboardError(checked.issues);
  return checked.definition;
}
