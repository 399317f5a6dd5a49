// Prometheus matchers and label_replace use Go's RE2 syntax; JavaScript's RegExp lacks some of it.
// This rewrites inline flag groups like `(?i)` and `(?i:...)` (case folding is spelled out as
// [xX]), `(?P<name>`, POSIX classes like [[:alpha:]], `\A` and `\z` into equivalent JavaScript
// syntax. Patterns without these come back unchanged. Only RE2's flags (i, m, s, U) are read as a
// flag group, so `(?x)` or `(?)` stay invalid as they are in RE2.

const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** `(?flags)` or `(?flags:`, with RE2's flags; sticky, so it is tried at one index. */
const FLAG_GROUP = /\(\?([imsU]*)(?:-([imsU]*))?([:)])/y;

/** `[:name:]` inside a bracket expression; sticky like FLAG_GROUP. */
const POSIX_CLASS = /\[:(\^?)([a-z]+):\]/y;

const NEEDS_REWRITE = /\(\?[imsU-]*[:)]|\(\?P<|\[:\^?[a-z]+:\]|\\[Az]/;

function isLetter(c: string): boolean {
  return c.toLowerCase() !== c.toUpperCase() && c.length === 1;
}

function bothCases(c: string): string {
  const lo = c.toLowerCase();
  const up = c.toUpperCase();
  return lo === up || lo.length !== 1 || up.length !== 1 ? c : `${lo}${up}`;
}

/** A JavaScript pattern (for the `s` flag) matching what the RE2 pattern matches. */
export function goRegexToJs(pattern: string): string {
  if (!NEEDS_REWRITE.test(pattern)) return pattern;
  let out = '';
  let i = 0;
  // Case folding per open group; a `(?i)` inside a group applies until that group closes.
  const stack: boolean[] = [];
  let fold = false;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (next === 'A') out += '^';
      else if (next === 'z') out += '$';
      else out += c + next;
      i += 2;
      continue;
    }
    if (c === '[') {
      const [cls, end] = translateClass(pattern, i, fold);
      out += cls;
      i = end;
      continue;
    }
    if (c === '(') {
      if (pattern.startsWith('(?P<', i)) {
        stack.push(fold);
        out += '(?<';
        i += 4;
        continue;
      }
      FLAG_GROUP.lastIndex = i;
      const flags = FLAG_GROUP.exec(pattern);
      const on = flags?.[1] ?? '';
      const off = flags?.[2] ?? '';
      // `(?)` and `(?-)` set nothing: RE2 rejects them, and so does RegExp when they are left as is.
      if (flags !== null && (flags[3] === ':' || on + off !== '')) {
        let f: boolean = fold;
        if (on.includes('i')) f = true;
        if (off.includes('i')) f = false;
        if (flags[3] === ')') {
          fold = f;
        } else {
          stack.push(fold);
          fold = f;
          out += '(?:';
        }
        i += flags[0].length;
        continue;
      }
      stack.push(fold);
      out += c;
      i++;
      continue;
    }
    if (c === ')') {
      fold = stack.pop() ?? false;
      out += c;
      i++;
      continue;
    }
    out += fold && isLetter(c) ? `[${bothCases(c)}]` : c;
    i++;
  }
  return out;
}

/** Translates the character class starting at `start`; returns it and the index after it. */
function translateClass(pattern: string, start: number, fold: boolean): [string, number] {
  let i = start + 1;
  let out = '[';
  if (pattern[i] === '^') {
    out += '^';
    i++;
  }
  if (pattern[i] === ']') {
    out += '\\]';
    i++;
  }
  while (i < pattern.length && pattern[i] !== ']') {
    POSIX_CLASS.lastIndex = i;
    const posix = POSIX_CLASS.exec(pattern);
    if (posix !== null && POSIX[posix[2]!] !== undefined && posix[1] === '') {
      out += POSIX[posix[2]!];
      i += posix[0].length;
      continue;
    }
    const c = pattern[i]!;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i += 2;
      continue;
    }
    if (c === '[') {
      out += '\\[';
      i++;
      continue;
    }
    if (pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']') {
      const to = pattern[i + 2]!;
      out += `${c}-${to}`;
      if (fold && isLetter(c) && isLetter(to)) {
        const lo = c.toLowerCase() === c ? c.toUpperCase() : c.toLowerCase();
        const hi = to.toLowerCase() === to ? to.toUpperCase() : to.toLowerCase();
        if (lo <= hi) out += `${lo}-${hi}`;
      }
      i += 3;
      continue;
    }
    out += fold && isLetter(c) ? bothCases(c) : c;
    i++;
  }
  return [`${out}]`, i + 1];
}

/**
 * The RE2 pattern compiled as Prometheus compiles matcher and label_replace regexes, `^(?s:re)$`:
 * fully anchored, `.` also matching a newline (the `s` flag). Throws a SyntaxError when invalid.
 */
export function anchoredGoRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${goRegexToJs(pattern)})$`, 's');
}
