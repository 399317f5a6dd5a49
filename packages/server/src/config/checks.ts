// Checks on single values that Prometheus makes too: label names, RE2 regexes, relabel targets,
// file SD paths.
import { goRegexToJs } from '@telemeter/storage';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const LABEL_NAME_PATTERN = LABEL_NAME.source;

export function checkLabelName(text: string): string | undefined {
  return LABEL_NAME.test(text)
    ? undefined
    : `"${text}" is not a valid label name (letters, digits and _, not starting with a digit)`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function checkLabelValue(text: string): string | undefined {
  return LONE_SURROGATE.test(text) ? 'label value is not valid UTF-8' : undefined;
}

// Prometheus's relabelTarget: a label name in which `$1`, `${1}` or `${name}` may stand for
// capture groups (relabel/relabel.go).
const RELABEL_TARGET = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;

export function isRelabelTarget(text: string): boolean {
  return RELABEL_TARGET.test(text);
}

/**
 * RE2 constructs JavaScript accepts but RE2 does not: look-around and back-references. Found
 * outside character classes and escapes, where they would otherwise compile silently.
 */
function re2Unsupported(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return 'back-references (\\1) are not supported by RE2';
      if (!inClass && next === 'k') return 'named back-references (\\k<name>) are not supported by RE2';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
    } else if (c === '(' && /^\(\?(=|!|<=|<!)/.test(pattern.slice(i, i + 4))) {
      return 'look-ahead and look-behind are not supported by RE2';
    }
  }
  return undefined;
}

/** A relabel regex: RE2 syntax, compiled anchored as Prometheus does (`^(?s:re)$`). */
export function checkRegex(pattern: string): string | undefined {
  const unsupported = re2Unsupported(pattern);
  if (unsupported !== undefined) return `invalid regex "${pattern}": ${unsupported}`;
  try {
    new RegExp(`^(?:${goRegexToJs(pattern)})$`, 's');
    return undefined;
  } catch (err) {
    const why =
      err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/s?: /, '') : '';
    return `invalid regex "${pattern}": ${why}`;
  }
}

// Prometheus's file SD patterns (discovery/file/file.go): a glob in the last path element only,
// ending in .json, .yml or .yaml.
const FILE_SD_PATH = /^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$/;

export function checkFileSdPath(text: string): string | undefined {
  return FILE_SD_PATH.test(text)
    ? undefined
    : `"${text}" is not a valid file SD path: a file or a glob in the last path element ending in .json, .yml or .yaml`;
}

export function checkMetricsPath(text: string): string | undefined {
  return text.startsWith('/') ? undefined : `"${text}" must start with "/"`;
}
