import { padEndVisible, padStartVisible, visibleLength } from './text.js';

export interface Column {
  readonly header: string;
  /** Numbers read best right-aligned. Default 'left'. */
  readonly align?: 'left' | 'right';
  /**
   * Cells wider than this do not widen the column: such a cell gets a line of its own and the
   * rest of its row goes on the next line, so one very long label set does not push every other
   * row's numbers far right.
   */
  readonly maxWidth?: number;
}

/** A line of its own between rows (a family name above its series); it does not widen columns. */
export interface Heading {
  readonly heading: string;
}

export type TableRow = readonly string[] | Heading;

const GAP = '  ';

/**
 * Lays rows out in aligned columns under a header line. Cells may hold ANSI colour. Trailing
 * spaces are trimmed so that piped output has none.
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly TableRow[],
  paintHeader: (text: string) => string = (text) => text,
): string[] {
  const widths = columns.map((column) => visibleLength(column.header));
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    (row as readonly string[]).forEach((cell, i) => {
      const width = visibleLength(cell);
      if (width <= (columns[i]?.maxWidth ?? Number.POSITIVE_INFINITY))
        widths[i] = Math.max(widths[i] ?? 0, width);
    });
  }
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        columns[i]?.align === 'right' ? padStartVisible(cell, widths[i]!) : padEndVisible(cell, widths[i]!),
      )
      .join(GAP)
      .trimEnd();
  /** A row whose cell overflows: that cell ends its own line, the rest go aligned on the next. */
  const lines = (cells: readonly string[]): string[] => {
    const i = cells.findIndex((cell, k) => visibleLength(cell) > widths[k]!);
    if (i < 0 || i === cells.length - 1 || cells.slice(i + 1).every((cell) => cell === ''))
      return [line(cells)];
    const head = line(cells.slice(0, i + 1).map((cell, k) => (k === i ? '' : cell)));
    return [
      `${head}${head === '' ? '' : GAP}${cells[i]}`.trimEnd(),
      line(cells.map((cell, k) => (k <= i ? '' : cell))),
    ];
  };
  const out = [paintHeader(line(columns.map((c) => c.header)))];
  for (const row of rows) {
    if (Array.isArray(row)) out.push(...lines(row as readonly string[]));
    else out.push((row as Heading).heading);
  }
  return out;
}
