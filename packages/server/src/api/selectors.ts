// Series selectors in parameters (`match[]`, `match_target`) and label names in paths, read as
// Prometheus reads them: parser.ParseMetricSelector and model.LabelName.IsValid (UTF-8 names).
import { goQuote, isValidUtf8, PromQLParseError, parse } from '@telemeter/promql';
import { type LabelMatcher, matchesValue } from '@telemeter/storage';
import { ApiError, badData } from './errors.js';

/** Our parser's wording for a selector that matches everything; ParseMetricSelector allows those. */
const EMPTY_SELECTOR = 'vector selector must contain at least one non-empty matcher';
/** Added to such a selector so the parser accepts it, then removed; `!=""` keeps it non-empty. */
const PROBE_LABEL = '__telemeter_probe__';

/**
 * The matchers of one series selector like `up{job="api"}` or `{__name__=~"http_.*"}`. Anything
 * else (an expression, a range, an offset) is a bad_data error. Selectors that match every series
 * are allowed here; `parseMatchParams` rejects them where Prometheus does.
 */
export function parseSelector(text: string): LabelMatcher[] {
  try {
    return selectorMatchers(text);
  } catch (err) {
    if (!(err instanceof PromQLParseError) || err.detail !== EMPTY_SELECTOR) throw asBadData(err);
  }
  // Syntactically a selector: parse it again with a matcher that keeps the parser's rule quiet.
  const brace = text.indexOf('{');
  const probed = `${text.slice(0, brace + 1)}${PROBE_LABEL}!="",${text.slice(brace + 1)}`;
  try {
    return selectorMatchers(probed).filter((m) => m.name !== PROBE_LABEL);
  } catch (err) {
    throw asBadData(err);
  }
}

function selectorMatchers(text: string): LabelMatcher[] {
  const expr = parse(text);
  if (expr.type !== 'VectorSelector' || expr.offsetMs !== 0 || expr.at !== undefined) {
    throw badData(`1:1: parse error: expected a series selector such as up{job="api"}, got ${goQuote(text)}`);
  }
  return expr.matchers;
}

function asBadData(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof PromQLParseError) return badData(err.message);
  throw err;
}

/**
 * Every `match[]` selector (Prometheus's parseMatchersParam). A selector all of whose matchers
 * also match the empty string would select every series and is refused.
 */
export function parseMatchParams(selectors: readonly string[]): LabelMatcher[][] {
  const sets = selectors.map(parseSelector);
  for (const set of sets) {
    if (set.every((m) => matchesValue(m, ''))) {
      throw badData('match[] must contain at least one non-empty matcher');
    }
  }
  return sets;
}

/** Does a label record (a target's labels) satisfy every matcher? An absent label is "". */
export function matchesRecord(
  matchers: readonly LabelMatcher[],
  labels: Readonly<Record<string, string>>,
): boolean {
  return matchers.every((m) => matchesValue(m, labels[m.name] ?? ''));
}

/**
 * The label name of `/api/v1/label/<name>/values` from the raw path segment: percent-decoded,
 * then un-escaped when it uses Prometheus's `U__` value encoding. Throws bad_data
 * `invalid label name: "…"` for an empty or non-UTF-8 name.
 */
export function labelNameFromPath(segment: string): string {
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    throw badData(`invalid label name: ${goQuote(segment)}`);
  }
  if (name.startsWith('U__')) name = unescapeName(name);
  if (name === '' || !isValidUtf8(name)) throw badData(`invalid label name: ${goQuote(name)}`);
  return name;
}

/**
 * model.UnescapeName with ValueEncodingEscaping: after `U__`, `__` is `_` and `_<hex>_` is the
 * code point <hex>; any malformed escape leaves the name as it was.
 */
export function unescapeName(name: string): string {
  const escaped = name.slice(3);
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i] as string;
    if (c !== '_') {
      out += c;
      continue;
    }
    i++;
    if (i >= escaped.length) return name;
    if (escaped[i] === '_') {
      out += '_';
      continue;
    }
    const close = escaped.indexOf('_', i);
    const hex = close < 0 ? '' : escaped.slice(i, close);
    // Go reads at most five hex digits before it must see the closing underscore.
    if (hex.length === 0 || hex.length > 5 || !/^[0-9a-fA-F]+$/.test(hex)) return name;
    const cp = Number.parseInt(hex, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return name;
    out += String.fromCodePoint(cp);
    i = close;
  }
  return out;
}
