// What differs between Grafana's panel types: colour mode, `fieldConfig.defaults.custom`,
// `options` and transformations that make each draw what the telemeter panel type draws.
import type { PanelDefinition } from './definition.js';
import type { GrafanaPanel } from './grafana-model.js';

export function typeOptions(panel: PanelDefinition): Pick<GrafanaPanel, 'options' | 'transformations'> & {
  custom?: Record<string, unknown>;
  colorMode: string;
} {
  const hasThresholds = (panel.thresholds?.length ?? 0) > 0;
  switch (panel.type) {
    case 'timeseries':
      return {
        colorMode: 'palette-classic',
        custom: {
          drawStyle: 'line',
          lineWidth: 1,
          fillOpacity: panel.stacked === true ? 20 : 0,
          showPoints: 'never',
          spanNulls: false,
          stacking: { mode: panel.stacked === true ? 'normal' : 'none', group: 'A' },
          // Telemeter draws each threshold as a line across the chart.
          thresholdsStyle: { mode: hasThresholds ? 'line' : 'off' },
        },
        options: {
          legend: { displayMode: 'list', placement: 'bottom', showLegend: true, calcs: [] },
          tooltip: { mode: 'multi', sort: 'none' },
        },
      };
    case 'stat':
      return {
        colorMode: 'thresholds',
        options: {
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
          colorMode: hasThresholds ? 'value' : 'none',
          graphMode: 'none',
          justifyMode: 'auto',
          orientation: 'auto',
          textMode: 'auto',
        },
      };
    case 'table':
      return {
        colorMode: 'thresholds',
        custom: { align: 'auto', cellOptions: { type: hasThresholds ? 'color-text' : 'auto' } },
        options: { showHeader: true, cellHeight: 'sm', footer: { show: false } },
        // One row per series, as telemeter's table: its labels and its value, without the time.
        transformations: [
          { id: 'merge', options: {} },
          { id: 'organize', options: { excludeByName: { Time: true } } },
        ],
      };
    case 'bar':
      return {
        colorMode: hasThresholds ? 'thresholds' : 'palette-classic',
        custom: { fillOpacity: 80, lineWidth: 1, gradientMode: 'none' },
        // One bar per series with its newest value: the series' legend names become the x field.
        options: {
          orientation: 'horizontal',
          xField: 'Field',
          showValue: 'auto',
          legend: { displayMode: 'list', placement: 'bottom', showLegend: false, calcs: [] },
          tooltip: { mode: 'single', sort: 'none' },
        },
        transformations: [{ id: 'reduce', options: { mode: 'seriesToRows', reducers: ['lastNotNull'] } }],
      };
  }
}
