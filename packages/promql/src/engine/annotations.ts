// Warnings and infos collected while a query runs (Prometheus's util/annotations). Each is tied to
// the position of the expression it is about and rendered like Prometheus's API renders it:
// "PromQL warning: <message> (<line>:<column>)". Identical annotations are reported once.
import type { PosRange } from '../parser/ast.js';
import { lineColumn } from '../parser/errors.js';

const INFO_PREFIX = 'PromQL info:';

interface Annotation {
  /** The full text, starting with "PromQL warning:" or "PromQL info:". */
  readonly text: string;
  readonly pos: PosRange | undefined;
}

export class Annotations {
  private readonly byKey = new Map<string, Annotation>();

  /** Adds an annotation; its text (e.g. from functions/annotationText) names its kind. */
  add(text: string, pos: PosRange | undefined): void {
    const key = `${text}\u0000${pos?.start ?? -1}`;
    if (!this.byKey.has(key)) this.byKey.set(key, { text, pos });
  }

  /** The rendered warnings and infos; positions are resolved against `text` when there is one. */
  render(query: string | undefined): { warnings: string[]; infos: string[] } {
    const warnings: string[] = [];
    const infos: string[] = [];
    const seen = new Set<string>();
    for (const a of this.byKey.values()) {
      let s = a.text;
      if (query !== undefined && a.pos !== undefined) {
        const { line, column } = lineColumn(query, a.pos.start);
        s += ` (${line}:${column})`;
      }
      if (seen.has(s)) continue;
      seen.add(s);
      (a.text.startsWith(INFO_PREFIX) ? infos : warnings).push(s);
    }
    return { warnings, infos };
  }
}
