// Go's regexp.Expand, which Prometheus uses for `replacement` and `target_label`: `$1`, `${1}`,
// `$name`, `${name}`, `$$` for a literal dollar. A reference takes the longest run of letters,
// digits and `_`, so `$1x` names the group "1x" (which does not exist, so it expands to nothing)
// — the reason Prometheus's docs write `${1}x`. A `$` that starts no valid reference stays as is.

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

interface Reference {
  readonly name: string;
  /** The group number, or -1 for a named reference. */
  readonly num: number;
  /** Index in the template just past the reference. */
  readonly end: number;
}

/** Reads the reference after a `$` at `start` (the index after the dollar), as Go's `extract`. */
function readReference(template: string, start: number): Reference | undefined {
  let i = start;
  const brace = template[i] === '{';
  if (brace) i++;
  const nameStart = i;
  while (i < template.length) {
    const cp = template.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  if (i === nameStart) return undefined;
  const name = template.slice(nameStart, i);
  if (brace) {
    if (template[i] !== '}') return undefined;
    i++;
  }
  let num = 0;
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if (c < 48 || c > 57 || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + (c - 48);
  }
  // Go disallows leading zeros: `$01` is the (absent) group named "01".
  if (name.length > 1 && name[0] === '0') num = -1;
  return { name, num, end: i };
}

/** Expands `template` with the groups of `match` (a match of a JavaScript RegExp). */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  if (!template.includes('$')) return template;
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) break;
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    const ref = readReference(template, i);
    if (ref === undefined) {
      out += '$';
      continue;
    }
    i = ref.end;
    if (ref.num >= 0) out += match[ref.num] ?? '';
    else out += match.groups?.[ref.name] ?? '';
  }
  return out + template.slice(i);
}
