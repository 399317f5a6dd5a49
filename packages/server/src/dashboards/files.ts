// The dashboard files telemeter.yml lists under `dashboards.files`: paths or globs, read and
// checked together, so ids are unique across all of them. Synchronous, because the config module
// reads them while it parses (as it reads auth.token_file) and a bad file must fail the load or
// reload that brought it, like a bad key.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { DashboardDefinition } from './definition.js';
import { DashboardError, type DashboardIssue } from './errors.js';
import { checkDashboardText } from './parse.js';

const EXTENSIONS = new Set(['.json', '.yml', '.yaml']);
/** As in file_sd: a glob in the last path element only, ending in .json, .yml or .yaml. */
const DASHBOARD_PATH = /^[^*?]*([*?][^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$/;
/** A dashboard file is a few KB; this keeps a mistaken glob from reading a database file. */
const MAX_FILE_BYTES = 4 * 2 ** 20;

/** A problem, with the index of the `files` entry that led to it. */
export interface DashboardFileIssue extends DashboardIssue {
  readonly pattern: number;
}

export interface DashboardFiles {
  /** In the order of the patterns, and of file names within a glob. */
  readonly definitions: readonly DashboardDefinition[];
  readonly issues: readonly DashboardFileIssue[];
}

/** What is wrong with a `dashboards.files` entry as written, or undefined. */
export function checkDashboardPath(text: string): string | undefined {
  return DASHBOARD_PATH.test(text)
    ? undefined
    : `"${text}" is not a dashboard path: a file or a glob in the last path element ending in .json, .yml or .yaml`;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}$`);
}

function reason(err: unknown, what: 'file' | 'folder' = 'file'): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `no such ${what}`;
  if (code === 'ENOTDIR') return 'a parent is not a folder';
  if (code === 'EISDIR') return 'is a folder';
  if (code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}

/** The files a pattern names: itself when it has no wildcard, else the matches in its folder, sorted. */
function expand(pattern: string): { files: string[]; problem?: string } {
  const base = basename(pattern);
  if (!/[*?]/.test(base)) return { files: [pattern] };
  const dir = dirname(pattern);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    return { files: [], problem: `cannot list the folder "${dir}": ${reason(err, 'folder')}` };
  }
  const re = globToRegExp(base);
  const files = names
    .filter((name) => re.test(name) && EXTENSIONS.has(extname(name).toLowerCase()))
    .sort()
    .map((name) => join(dir, name))
    .filter((file) => {
      try {
        return statSync(file).isFile();
      } catch {
        return false;
      }
    });
  return { files };
}

function readText(file: string): string | { problem: string } {
  try {
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES)
      return { problem: `is ${size} bytes; a dashboard file may be at most ${MAX_FILE_BYTES}` };
    return readFileSync(file, 'utf8');
  } catch (err) {
    return { problem: `cannot read: ${reason(err)}` };
  }
}

/**
 * Reads and checks the dashboards the patterns name (absolute, or relative to the working
 * directory). Never throws: every problem is in `issues`. A glob that matches nothing is fine (an
 * empty folder of dashboards); a missing file or folder is not. A file named by two patterns is
 * read once.
 */
export function readDashboardFiles(patterns: readonly (string | undefined)[]): DashboardFiles {
  const definitions: DashboardDefinition[] = [];
  const issues: DashboardFileIssue[] = [];
  const seenFiles = new Set<string>();
  const idsAt = new Map<string, string>();
  patterns.forEach((pattern, index) => {
    if (pattern === undefined) return;
    const { files, problem } = expand(pattern);
    if (problem !== undefined) issues.push({ pattern: index, file: pattern, path: '', message: problem });
    for (const file of files) {
      if (seenFiles.has(file)) continue;
      seenFiles.add(file);
      const text = readText(file);
      if (typeof text !== 'string') {
        issues.push({ pattern: index, file, path: '', message: text.problem });
        continue;
      }
      const checked = checkDashboardText(text, file);
      for (const issue of checked.issues) issues.push({ pattern: index, ...issue });
      const definition = checked.definition;
      if (definition === undefined) continue;
      const first = idsAt.get(definition.id);
      if (first !== undefined) {
        issues.push({
          pattern: index,
          file,
          path: 'id',
          message: `"${definition.id}" is already the id of ${first}`,
          ...(checked.idLine === undefined ? {} : { line: checked.idLine }),
        });
        continue;
      }
      idsAt.set(definition.id, file);
      definitions.push(definition);
    }
  });
  return { definitions, issues };
}

/** readDashboardFiles, throwing a DashboardError when any file has a problem. */
export function loadDashboardFiles(patterns: readonly string[]): DashboardDefinition[] {
  const { definitions, issues } = readDashboardFiles(patterns);
  if (issues.length > 0) throw new DashboardError(issues.map(({ pattern: _, ...issue }) => issue));
  return [...definitions];
}
