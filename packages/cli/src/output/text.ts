// Matches SGR sequences only: the palette writes nothing else.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the sequences it removes
const ANSI_SGR = /\x1b\[[0-9;]*m/g;

/** Columns `text` takes in a terminal: ANSI colour removed, one column per code point. */
export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of text.replace(ANSI_SGR, '')) n++;
  return n;
}

export function padEndVisible(text: string, width: number): string {
  const gap = width - visibleLength(text);
  return gap > 0 ? text + ' '.repeat(gap) : text;
}

export function padStartVisible(text: string, width: number): string {
  const gap = width - visibleLength(text);
  return gap > 0 ? ' '.repeat(gap) + text : text;
}

/** Cuts plain `text` to `width` columns, ending with '…' when cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return chars.slice(0, width).join('');
  return `${chars.slice(0, width - 1).join('')}…`;
}
