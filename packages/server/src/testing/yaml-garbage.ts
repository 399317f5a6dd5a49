import fc from 'fast-check';

/** Random text biased toward YAML: any code point (lone surrogates too), ASCII, and YAML's indicator characters more often. */
export function arbitraryYamlishText(maxLength = 200): fc.Arbitrary<string> {
  const unit = fc.oneof(
    fc.constantFrom(...'\n\t :-[]{}#&*!|>\'"%@`,?'),
    fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
  );
  return fc.string({ unit, maxLength });
}

/** Concatenations of `tokens`: text that looks like YAML of the given vocabulary. */
export function arbitraryTokenSoup(tokens: readonly string[], maxLength = 40): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...tokens), { maxLength }).map((parts) => parts.join(''));
}

/** YAML's own syntax as tokens (indicators, anchors, tags, block scalars, documents, odd scalars), for arbitraryTokenSoup with a parser's own keys added. */
export const YAML_SYNTAX_TOKENS: readonly string[] = [
  ':',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '<<: ',
  '!!str ',
  '!tag ',
  '? ',
  '|',
  '>',
  '#',
  '"',
  "'",
  '\n',
  '  ',
  '\t',
  '---',
  '...',
  '%YAML 1.2',
  'null',
  '~',
  'true',
  '0x1F',
  '1e999',
  '.nan',
  '\\u0000',
  '\u2028',
  '\uD800',
];
