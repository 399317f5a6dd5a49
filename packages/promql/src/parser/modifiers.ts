// Label lists and binary-operator modifiers: `by (...)`/`without (...)`, `bool`,
// `on (...)`/`ignoring (...)`, `group_left (...)`/`group_right (...)`.
import type { BinaryExpr, VectorMatching } from './ast.js';
import { isValidUtf8 } from './strings.js';
import type { TokenStream } from './token-stream.js';

/** `(label, ...)`; keywords and quoted UTF-8 names are labels too; a trailing comma is allowed. */
export function parseGroupingLabels(ts: TokenStream): string[] {
  if (!ts.is('(')) throw ts.unexpected('grouping opts', '"("');
  ts.advance();
  const labels: string[] = [];
  while (!ts.is(')')) {
    const tok = ts.tok;
    if (tok.kind === 'word' && !tok.text.includes(':')) {
      labels.push(tok.text);
    } else if (tok.kind === 'string') {
      if (tok.text === '' || !isValidUtf8(tok.text)) {
        throw ts.error(`invalid label name: ${JSON.stringify(tok.text)}`, tok.start, tok.end);
      }
      labels.push(tok.text);
    } else {
      throw ts.unexpected('grouping opts', 'label');
    }
    ts.advance();
    if (ts.is(',')) ts.advance();
    else if (!ts.is(')')) throw ts.unexpected('grouping opts', '"," or ")"');
  }
  ts.advance();
  return labels;
}

/**
 * The modifiers after a binary operator. Sets `node.returnBool`; returns the matching, which the
 * type check keeps only when both operands turn out to be instant vectors.
 */
export function parseBinaryModifiers(ts: TokenStream, node: BinaryExpr): VectorMatching {
  if (ts.isWord('bool')) {
    ts.advance();
    node.returnBool = true;
  }
  const matching: VectorMatching = { card: 'one-to-one', on: false, labels: [], include: [] };
  if (ts.isWord('on') || ts.isWord('ignoring')) {
    matching.on = ts.isWord('on');
    ts.advance();
    matching.labels = parseGroupingLabels(ts);
    if (ts.isWord('group_left') || ts.isWord('group_right')) {
      matching.card = ts.isWord('group_left') ? 'many-to-one' : 'one-to-many';
      ts.advance();
      // The extra labels are optional: `group_left` alone includes none.
      if (ts.is('(')) matching.include = parseGroupingLabels(ts);
    }
  }
  return matching;
}
