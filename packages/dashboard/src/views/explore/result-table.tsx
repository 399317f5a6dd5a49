// The instant query's answer as rows: the series' labels and its value.
import type { JSX } from 'preact';
import type { PanelUnit } from '../../dashboards/definition.js';
import type { QueryResult, Sample } from '../../data/api.js';
import { formatValue } from '../../format/units.js';
import { seriesName, sortedLabels } from '../shared/series-labels.js';

/** Rows beyond this make the page slow and unreadable; the chart or a narrower query is better. */
const MAX_ROWS = 500;

export function ResultTable(props: { result: QueryResult; unit: PanelUnit }): JSX.Element {
  const { result, unit } = props;
  if (result.resultType === 'scalar' || result.resultType === 'string') {
    const value = result.resultType === 'scalar' ? formatValue(result.result[1], unit) : result.result[1];
    return (
      <p class="tm-result-scalar">
        <span class="tm-muted">{result.resultType}</span> <output>{value}</output>
      </p>
    );
  }
  if (result.result.length === 0)
    return <p class="tm-muted tm-result-empty">No series match at this time.</p>;
  const rows = result.result.slice(0, MAX_ROWS);
  return (
    <div class="tm-table-scroll">
      <table class="tm-table tm-result-table">
        <caption class="tm-visually-hidden">Query result at the end of the selected range</caption>
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col" class="tm-num">
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={seriesName(s.metric)}>
              <td>
                <SeriesLabels metric={s.metric} />
              </td>
              <td class="tm-num">
                {'value' in s ? (
                  <span title={String(s.value[1])}>{formatValue(s.value[1], unit)}</span>
                ) : (
                  <RangeValues values={s.values} unit={unit} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.result.length > MAX_ROWS && (
        <p class="tm-muted">
          Showing {MAX_ROWS} of {result.result.length} series.
        </p>
      )}
    </div>
  );
}

export function SeriesLabels(props: { metric: Readonly<Record<string, string>> }): JSX.Element {
  const name = props.metric.__name__;
  return (
    <span class="tm-series">
      {name !== undefined && <span class="tm-series__name">{name}</span>}
      {sortedLabels(props.metric).map(([k, v]) => (
        <span key={k} class="tm-series__label">
          {k}=<span class="tm-series__value">"{v}"</span>
        </span>
      ))}
    </span>
  );
}

function RangeValues(props: { values: readonly Sample[]; unit: PanelUnit }): JSX.Element {
  const last = props.values.slice(-5);
  return (
    <span class="tm-range-values">
      {props.values.length > last.length && <span class="tm-muted">… </span>}
      {last.map(([t, v]) => (
        <span key={t} title={new Date(t).toISOString()}>
          {formatValue(v, props.unit)}{' '}
        </span>
      ))}
      <span class="tm-muted">({props.values.length} samples)</span>
    </span>
  );
}
