// Walks the YAML syntax tree along the schema, so every value keeps its position and every
// problem is reported with its key path and line. All problems are collected; an invalid value
// is left out of the result and its siblings are still checked.
import { resolve } from 'node:path';
import { Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import { parseListenAddress } from './addresses.js';
import type { ConfigIssue } from './errors.js';
import type { ObjectSchema, RelativePath, Schema } from './schema-types.js';
import { outputKey } from './schema-types.js';
import { closestKey } from './suggest.js';
import { formatDurationText, parseDurationText, parseSizeText } from './units.js';

/** Where a value came from; positions are only known for parsed text, not for defaults. */
export interface Walk {
  readonly doc: Document;
  readonly lines?: LineCounter;
  readonly baseDir: string;
  readonly issues: ConfigIssue[];
  /**
   * Nodes left to visit. Aliases can make a small file expand into a huge tree (billion laughs),
   * so the walk stops with one issue when this runs out.
   */
  budget: number;
}

export const MAX_ISSUES = 200;
const INVALID = Symbol('invalid');
type Out = unknown;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `scrape_configs[1].static_configs[0].targets[2]`; odd keys are quoted: `labels["a.b"]`. */
export function formatPath(path: RelativePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function deref(node: unknown, walk: Walk): Node | null {
  if (isAlias(node)) return (node.resolve(walk.doc) as Node | undefined) ?? null;
  return (node as Node | null | undefined) ?? null;
}

export function report(walk: Walk, path: RelativePath, node: unknown, message: string): void {
  if (walk.issues.length >= MAX_ISSUES) return;
  const range = (node as Node | null)?.range;
  const issue: ConfigIssue = { path: formatPath(path), message };
  if (range !== undefined && range !== null && walk.lines !== undefined) {
    const { line, col } = walk.lines.linePos(range[0]);
    walk.issues.push({ ...issue, line, column: col });
  } else {
    walk.issues.push(issue);
  }
}

function describe(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (!isScalar(node)) return 'an unknown node';
  const value = node.value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string')
    return value.length > 60 ? `"${value.slice(0, 57)}..."` : JSON.stringify(value);
  return node.source ?? String(value);
}

/** The text of a scalar as written, so `password: 0123` stays "0123"; null for null or non-scalars. */
function scalarText(node: Node | null): string | null {
  if (!isScalar(node) || node.value === null || node.value === undefined) return null;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number' || typeof node.value === 'boolean')
    return node.source ?? String(node.value);
  return null;
}

function isNull(node: Node | null): boolean {
  return node === null || (isScalar(node) && (node.value === null || node.value === undefined));
}

// Each mapping's expanded pairs, computed once: merges of merges of aliases would otherwise
// repeat work exponentially (10 merges of 10 merges of … is a "billion laughs").
const expandedPairs = new WeakMap<Node, Pair[]>();

/** A mapping's pairs with `<<` merge keys expanded; keys written in the mapping win over merged ones. */
function pairsOf(map: Node, walk: Walk, depth = 0): Pair[] {
  if (!isMap(map) || depth > 20) return [];
  const cached = expandedPairs.get(map);
  if (cached !== undefined) return cached;
  const own: Pair[] = [];
  const merged: Pair[] = [];
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === '<<' && !isNull(deref(pair.value, walk))) {
      const source = deref(pair.value, walk);
      const sources = isSeq(source) ? source.items.map((item) => deref(item, walk)) : [source];
      for (const s of sources) merged.push(...pairsOf(s as Node, walk, depth + 1));
    } else {
      own.push(pair);
    }
  }
  const seen = new Set(own.map((pair) => keyText(pair)));
  for (const pair of merged) {
    const key = keyText(pair);
    if (!seen.has(key)) {
      seen.add(key);
      own.push(pair);
    }
  }
  expandedPairs.set(map, own);
  return own;
}

function keyText(pair: Pair): string | null {
  if (pair.key === null || pair.key === undefined) return '';
  return scalarText(pair.key as Node);
}

export function validateValue(schema: Schema, raw: unknown, path: RelativePath, walk: Walk): Out {
  if (walk.budget-- <= 0) {
    if (walk.budget === -1)
      report(walk, [], null, 'the document is too large to check (too many nodes or aliases)');
    return INVALID;
  }
  const node = deref(raw, walk);
  const fail = (message: string) => {
    report(walk, path, raw, message);
    return INVALID;
  };
  switch (schema.kind) {
    case 'string': {
      const text = scalarText(node);
      if (text === null) return fail(`expected a string, got ${describe(node)}`);
      if (text === '' && schema.allowEmpty !== true) return fail('must not be empty');
      const problem = schema.check?.(text);
      if (problem !== undefined) return fail(problem);
      return schema.file === true ? resolve(walk.baseDir, text) : text;
    }
    case 'boolean':
      if (isScalar(node) && typeof node.value === 'boolean') return node.value;
      return fail(`expected true or false, got ${describe(node)}`);
    case 'integer': {
      if (!isScalar(node) || typeof node.value !== 'number' || !Number.isSafeInteger(node.value)) {
        return fail(`expected an integer, got ${describe(node)}`);
      }
      if (node.value < schema.minimum) return fail(`must be at least ${schema.minimum}, got ${node.value}`);
      if (schema.maximum !== undefined && node.value > schema.maximum) {
        return fail(`must be at most ${schema.maximum}, got ${node.value}`);
      }
      return node.value;
    }
    case 'number':
      if (isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value)) return node.value;
      return fail(`expected a number, got ${describe(node)}`);
    case 'duration': {
      const text = scalarText(node);
      if (text === null) return fail(`expected a duration like 15s or 1h30m, got ${describe(node)}`);
      const ms = parseDurationText(text);
      if (typeof ms === 'string') return fail(ms);
      const minimum = schema.minimumMs ?? 0;
      if (ms < minimum) {
        return fail(
          minimum === 1 ? 'must be greater than 0' : `must be at least ${formatDurationText(minimum)}`,
        );
      }
      return ms;
    }
    case 'size': {
      const text = scalarText(node);
      if (text === null) return fail(`expected a size like 512MiB or 10GB, got ${describe(node)}`);
      const bytes = parseSizeText(text);
      if (typeof bytes === 'string') return fail(bytes);
      const minimum = schema.minimum ?? 0;
      if (bytes < minimum)
        return fail(minimum === 1 ? 'must be greater than 0' : `must be at least ${minimum} bytes`);
      return bytes;
    }
    case 'address': {
      const text = scalarText(node);
      if (text === null) return fail(`expected host:port, got ${describe(node)}`);
      const address = parseListenAddress(text);
      return typeof address === 'string' ? fail(address) : address;
    }
    case 'enum': {
      const text = scalarText(node);
      const value = schema.caseInsensitive === true ? text?.toLowerCase() : text;
      if (value !== undefined && value !== null && schema.values.includes(value)) return value;
      return fail(`expected one of ${schema.values.join(', ')}; got ${describe(node)}`);
    }
    case 'list': {
      if (!isSeq(node)) {
        const hint = isScalar(node) && !isNull(node) ? ` (a list of one is written [${describe(node)}])` : '';
        return fail(`expected a list, got ${describe(node)}${hint}`);
      }
      return node.items.map((item, index) => {
        const value = validateValue(schema.items, item, [...path, index], walk);
        return value === INVALID ? undefined : value;
      });
    }
    case 'map': {
      if (!isMap(node)) return fail(`expected a mapping of names to values, got ${describe(node)}`);
      const out: Record<string, unknown> = {};
      for (const pair of pairsOf(node, walk)) {
        const key = keyText(pair);
        if (key === null) {
          report(walk, path, pair.key, 'keys must be strings');
          continue;
        }
        const keyProblem = schema.keyCheck?.(key);
        if (keyProblem !== undefined) report(walk, [...path, key], pair.key, keyProblem);
        const value = validateValue(schema.values, pair.value, [...path, key], walk);
        // defineProperty, so a key such as "__proto__" (a valid label name) stays an own key.
        if (value !== INVALID)
          Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'object':
      return validateObject(schema, raw, node, path, walk);
  }
}

function validateObject(
  schema: ObjectSchema,
  raw: unknown,
  node: Node | null,
  path: RelativePath,
  walk: Walk,
): Out {
  if (!isMap(node)) {
    report(walk, path, raw, `expected a mapping, got ${describe(node)}`);
    return INVALID;
  }
  const given = new Map<string, Pair>();
  for (const pair of pairsOf(node, walk)) {
    const key = keyText(pair);
    if (key === null) {
      report(walk, path, pair.key, 'keys must be strings');
    } else if (Object.hasOwn(schema.fields, key)) {
      given.set(key, pair);
    } else if (schema.unsupported !== undefined && Object.hasOwn(schema.unsupported, key)) {
      report(walk, [...path, key], pair.key, schema.unsupported[key]!);
    } else {
      report(walk, [...path, key], pair.key, unknownKeyMessage(key, schema));
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.fields)) {
    const pair = given.get(key);
    const target = outputKey(key, field);
    if (pair !== undefined && !isNull(deref(pair.value, walk))) {
      const value = validateValue(field.schema, pair.value, [...path, key], walk);
      out[target] = value === INVALID ? undefined : value;
    } else if (field.required === true) {
      report(walk, [...path, key], pair?.key ?? raw, 'required key is missing');
      out[target] = undefined;
    } else if (field.default !== undefined) {
      const defaultNode = walk.doc.createNode(field.default);
      const value = validateValue(field.schema, defaultNode, [...path, key], walk);
      out[target] = value === INVALID ? undefined : value;
    } else {
      out[target] = undefined;
    }
  }
  schema.finish?.(out, {
    baseDir: walk.baseDir,
    issue: (at, message) => report(walk, [...path, ...at], locate(node, at, walk), message),
  });
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

function unknownKeyMessage(key: string, schema: ObjectSchema): string {
  const near = closestKey(key, Object.keys(schema.fields));
  if (near !== undefined) return `unknown key (did you mean "${near}"?)`;
  // A key written one level too high, e.g. `retention` at the top instead of under `storage`.
  for (const [section, field] of Object.entries(schema.fields)) {
    if (field.schema.kind === 'object' && Object.hasOwn(field.schema.fields, key)) {
      return `unknown key (did you mean "${section}.${key}"?)`;
    }
  }
  return `unknown key; expected one of ${Object.keys(schema.fields).join(', ')}`;
}

/** The node at a path below `node`, or the deepest one that exists, for an issue's line. */
function locate(node: Node, at: RelativePath, walk: Walk): Node {
  let current: Node = node;
  for (const segment of at) {
    let next: unknown;
    if (typeof segment === 'number' && isSeq(current)) next = current.items[segment];
    else if (typeof segment === 'string' && isMap(current)) {
      const pair = pairsOf(current, walk).find((p) => keyText(p) === segment);
      next = pair === undefined ? undefined : isNull(deref(pair.value, walk)) ? pair.key : pair.value;
    }
    const resolved = deref(next, walk);
    if (resolved === null) break;
    current = resolved;
  }
  return current;
}

/** A validated value, or undefined when there were issues (they are in walk.issues). */
export function validateRoot(schema: Schema, root: unknown, walk: Walk): unknown {
  const node = deref(root, walk);
  const value = validateValue(schema, isNull(node) ? new Document({}).contents : root, [], walk);
  return value === INVALID ? undefined : value;
}
