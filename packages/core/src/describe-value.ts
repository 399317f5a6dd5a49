/** Text for any value in a warning or error message; used where the value may be hostile. */

const MAX_CHARS = 100;

function clip(text: string): string {
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}

/**
 * Describes `value` for a message, e.g. `-1`, `"abc"`, `{"method":"GET"}`, `Symbol(id)`. Never throws,
 * whatever the value: a symbol, an object without a prototype, a throwing `toString`/`toJSON`/getter,
 * a cyclic object or a revoked or throwing Proxy. Long descriptions are cut to 100 characters.
 */
export function describeValue(value: unknown): string {
  try {
    switch (typeof value) {
      case 'number':
      case 'boolean':
      case 'undefined':
        return String(value);
      case 'bigint':
        return `${value}n`;
      case 'string':
        return clip(JSON.stringify(value));
      case 'symbol':
        return clip(`Symbol(${value.description ?? ''})`);
      case 'function':
        return clip(`function ${value.name || '(anonymous)'}`);
    }
    if (value === null) return 'null';
    const json = JSON.stringify(value);
    if (json !== undefined) return clip(json);
  } catch {
    // Cyclic, a BigInt inside, a throwing toJSON/getter, or a Proxy: fall through to the tag.
  }
  try {
    return clip(Object.prototype.toString.call(value));
  } catch {
    return `a value of type ${typeof value}`;
  }
}
