// How each panel type draws its data: stat (the newest value, large), table (newest value per
// series with its trend) and bar (newest values as horizontal bars). Time series are charts.
import type { JSX } from 'preact';
import { useContext } from 'preact/hooks';
import { Sparkline } from '../charts/sparkline.js';
import { Stat, statColor } from '../charts/stat.js';
import { ThemeContext } from '../charts/theme-context.js';
import { seriesColor } from '../format/palette.js';
import { formatValue } from '../format/units.js';
import type { PanelDefinition } from './definition.js';
import { lastValue, type PanelData } from './panel-data.js';

interface BodyProps {
  readonly panel: PanelDefinition;
  readonly data: PanelData;
}

/** Most stats one panel shows side by side; the rest are left out (a table panel shows all). */
const MAX_STATS = 6;

export function StatBody({ panel, data }: BodyProps): JSX.Element {
  if (data.series.length === 1) {
    const only = data.series[0] as PanelData['series'][number];
    return (
      <Stat value={lastValue(only.values)} unit={panel.unit} thresholds={panel.thresholds}>
        <Sparkline values={only.values} unit={panel.unit} height={32} />
      </Stat>
    );
  }
  return (
    <div class="stat-grid">
      {data.series.slice(0, MAX_STATS).map((s, i) => (
        <Stat
          key={s.key}
          value={lastValue(s.values)}
          unit={panel.unit}
          thresholds={panel.thresholds}
          caption={s.name}
          compact
        >
          <Sparkline values={s.values} unit={panel.unit} height={22} colorIndex={i} />
        </Stat>
      ))}
    </div>
  );
}

/** Series with their newest value, largest first. */
function ranked(data: PanelData) {
  return data.series
    .map((s, index) => ({ ...s, index, last: lastValue(s.values) }))
    .sort((a, b) => (b.last ?? Number.NEGATIVE_INFINITY) - (a.last ?? Number.NEGATIVE_INFINITY));
}

export function TableBody({ panel, data }: BodyProps): JSX.Element {
  const theme = useContext(ThemeContext);
  return (
    <div class="panel-table-wrap">
      <table class="panel-table">
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col" class="num">
              Value
            </th>
            <th scope="col" class="trend">
              <span class="sr-only">Trend</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {ranked(data).map((s) => {
            const color = statColor(s.last, panel.thresholds, theme);
            return (
              <tr key={s.key}>
                <td class="series-name" title={s.name}>
                  {s.name}
                </td>
                <td class="num" style={color === undefined ? undefined : { color }}>
                  {formatValue(s.last, panel.unit)}
                </td>
                <td class="trend">
                  <Sparkline values={s.values} unit={panel.unit} height={18} colorIndex={s.index} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function BarBody({ panel, data }: BodyProps): JSX.Element {
  const theme = useContext(ThemeContext);
  const rows = ranked(data);
  const max = Math.max(
    0,
    ...rows.map((r) => (r.last !== null && Number.isFinite(r.last) ? Math.abs(r.last) : 0)),
  );
  return (
    <ul class="bars">
      {rows.map((r) => {
        const share = max === 0 || r.last === null || !Number.isFinite(r.last) ? 0 : Math.abs(r.last) / max;
        const color = statColor(r.last, panel.thresholds, theme) ?? seriesColor(r.index, theme);
        return (
          <li key={r.key} class="bar-row">
            <span class="bar-label" title={r.name}>
              {r.name}
            </span>
            <span class="bar-track" aria-hidden="true">
              <span class="bar-fill" style={{ width: `${(share * 100).toFixed(1)}%`, background: color }} />
            </span>
            <span class="bar-value">{formatValue(r.last, panel.unit)}</span>
          </li>
        );
      })}
    </ul>
  );
}
