// A table sorted by clicking (or pressing Enter/Space on) a column header. The header is a button
// inside the <th>, so it is in the tab order; the <th> carries aria-sort for screen readers.
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';

export interface Column<Row> {
  readonly id: string;
  readonly label: string;
  /** A longer explanation, shown as the header's tooltip. */
  readonly title?: string;
  readonly numeric?: boolean;
  /** Sort key; null sorts last in both directions (no data is not "smallest"). */
  readonly sortValue?: (row: Row) => number | string | null;
  readonly render: (row: Row) => ComponentChildren;
  /** Numbers are usually wanted largest first. */
  readonly firstDirection?: 'ascending' | 'descending';
}

export interface Sort {
  readonly column: string;
  readonly direction: 'ascending' | 'descending';
}

/** `rows` ordered by `sort`; ties keep their order (Array.prototype.sort is stable). */
export function sortRows<Row>(rows: readonly Row[], columns: readonly Column<Row>[], sort: Sort): Row[] {
  const column = columns.find((c) => c.id === sort.column);
  const key = column?.sortValue;
  if (key === undefined) return [...rows];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x < y ? -1 : x > y ? 1 : 0) * sign;
  });
}

export function SortableTable<Row>(props: {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  initialSort: Sort;
  caption: string;
}): JSX.Element {
  const [sort, setSort] = useState<Sort>(props.initialSort);
  const sorted = sortRows(props.rows, props.columns, sort);
  const toggle = (column: Column<Row>) => {
    if (sort.column === column.id) {
      setSort({ column: column.id, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' });
    } else {
      setSort({
        column: column.id,
        direction: column.firstDirection ?? (column.numeric ? 'descending' : 'ascending'),
      });
    }
  };
  const sortable = props.columns.filter((c) => c.sortValue !== undefined);
  return (
    <div class="tm-table-scroll">
      {/* The headers are hidden where rows become cards; this select sorts there instead. */}
      <label class="tm-field tm-sort-select">
        <span>Sort by</span>
        <select
          value={`${sort.column}:${sort.direction}`}
          onChange={(e) => {
            const [column, direction] = e.currentTarget.value.split(':') as [string, Sort['direction']];
            setSort({ column, direction });
          }}
        >
          {sortable.flatMap((c) =>
            (['descending', 'ascending'] as const).map((d) => (
              <option key={`${c.id}:${d}`} value={`${c.id}:${d}`}>
                {c.label}{' '}
                {c.numeric
                  ? d === 'descending'
                    ? '(high first)'
                    : '(low first)'
                  : d === 'ascending'
                    ? '(A–Z)'
                    : '(Z–A)'}
              </option>
            )),
          )}
        </select>
      </label>
      <table class="tm-table tm-table--cards tm-sortable">
        <caption class="tm-visually-hidden">
          {props.caption}, sorted by {sortLabel(props.columns, sort)}
        </caption>
        <thead>
          <tr>
            {props.columns.map((c) => {
              const active = sort.column === c.id;
              return (
                <th
                  key={c.id}
                  scope="col"
                  class={c.numeric ? 'tm-num' : undefined}
                  aria-sort={active ? sort.direction : c.sortValue === undefined ? undefined : 'none'}
                >
                  {c.sortValue === undefined ? (
                    <span title={c.title}>{c.label}</span>
                  ) : (
                    <button type="button" class="tm-sort-button" title={c.title} onClick={() => toggle(c)}>
                      {c.label}
                      <span class="tm-sort-icon" aria-hidden="true">
                        {active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((c, i) =>
                i === 0 ? (
                  <th key={c.id} scope="row" data-label={c.label}>
                    {c.render(row)}
                  </th>
                ) : (
                  <td key={c.id} data-label={c.label} class={c.numeric ? 'tm-num' : undefined}>
                    {c.render(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function sortLabel<Row>(columns: readonly Column<Row>[], sort: Sort): string {
  const label = columns.find((c) => c.id === sort.column)?.label ?? sort.column;
  return `${label}, ${sort.direction}`;
}
