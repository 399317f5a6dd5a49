// telemeter.yml text → TelemeterServerConfig, or a ConfigError listing every problem.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Document, LineCounter, parseDocument } from 'yaml';
import { ConfigError, type ConfigIssue } from './errors.js';
import { configSchema } from './schema.js';
import type { TelemeterServerConfig } from './types.js';
import { MAX_ISSUES, validateRoot, type Walk } from './validate.js';

/** Enough for any real config; anything past it is an alias bomb or garbage. */
const NODE_BUDGET = 200_000;
const DEFAULT_SOURCE = 'telemeter.yml';

/**
 * Parses and validates a telemeter.yml. `source` names the file in messages, and relative file
 * paths inside (token_file, bearer_token_file, password_file, file_sd_configs) are resolved
 * against its folder, as Prometheus does; without it, against the working directory.
 * `auth.token_file` is read here.
 */
export function parseConfig(text: string, source?: string): TelemeterServerConfig {
  const name = source ?? DEFAULT_SOURCE;
  if (typeof text !== 'string') {
    throw new ConfigError(name, [{ path: '', message: `expected the config as text, got ${typeof text}` }]);
  }
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    // The yaml package reports problems in doc.errors; a throw would be its own failure (e.g. stack depth).
    throw new ConfigError(name, [{ path: '', message: `cannot parse YAML: ${(err as Error).message}` }], {
      cause: err,
    });
  }
  if (doc.errors.length > 0) {
    const issues = doc.errors.slice(0, MAX_ISSUES).map((error): ConfigIssue => {
      const { line, col } = lines.linePos(error.pos[0]);
      return { path: '', message: `YAML: ${error.message}`, line, column: col };
    });
    throw new ConfigError(name, issues);
  }
  const baseDir = source === undefined ? process.cwd() : dirname(resolve(source));
  return validated({ doc, lines, baseDir, issues: [], budget: NODE_BUDGET }, doc.contents, name);
}

/** Reads and parses a config file; a file that cannot be read is a ConfigError too. */
export async function loadConfig(file: string): Promise<TelemeterServerConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new ConfigError(file, [{ path: '', message: `cannot read the config file: ${why}` }], {
      cause: err,
    });
  }
  return parseConfig(text, file);
}

/** The configuration an empty telemeter.yml gives. */
export function defaultConfig(): TelemeterServerConfig {
  return validated(
    { doc: new Document(), baseDir: process.cwd(), issues: [], budget: NODE_BUDGET },
    null,
    DEFAULT_SOURCE,
  );
}

function validated(walk: Walk, root: unknown, name: string): TelemeterServerConfig {
  const value = validateRoot(configSchema, root, walk);
  if (walk.issues.length > 0 || value === undefined) {
    const issues = [...walk.issues].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    if (issues.length >= MAX_ISSUES)
      issues.push({ path: '', message: `stopped after ${MAX_ISSUES} problems` });
    throw new ConfigError(name, issues);
  }
  return value as TelemeterServerConfig;
}
