// #/system: the hosts under the processes, from node_exporter-style metrics (the system kit of
// @telemeter/kits writes the same names, so a real node_exporter fills this view too).
import type { DashboardDefinition, PanelThreshold } from '../definition.js';
import { NO_SYSTEM } from './empty-texts.js';

const RATE = '[$__rate_interval]';
const BUSY: readonly PanelThreshold[] = [
  { value: 0, color: 'green' },
  { value: 0.8, color: 'yellow' },
  { value: 0.9, color: 'red' },
];

export const systemDashboard: DashboardDefinition = {
  id: 'system',
  title: 'System',
  rows: [
    {
      title: 'CPU',
      panels: [
        {
          title: 'CPU busy',
          type: 'timeseries',
          unit: 'ratio',
          thresholds: [{ value: 0.9, color: 'red' }],
          queries: [
            {
              expr: `1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}${RATE}))`,
              legend: '{{instance}}',
            },
          ],
          emptyText: NO_SYSTEM,
        },
        {
          title: 'CPU by mode',
          type: 'timeseries',
          unit: 'ratio',
          stacked: true,
          queries: [
            { expr: `avg by (mode) (rate(node_cpu_seconds_total{mode!="idle"}${RATE}))`, legend: '{{mode}}' },
          ],
          emptyText: NO_SYSTEM,
        },
        {
          title: 'Load average',
          type: 'timeseries',
          queries: [
            { expr: 'node_load1', legend: '1m {{instance}}' },
            { expr: 'node_load5', legend: '5m {{instance}}' },
            { expr: 'node_load15', legend: '15m {{instance}}' },
          ],
          emptyText: NO_SYSTEM,
        },
      ],
    },
    {
      title: 'Memory',
      panels: [
        {
          title: 'Memory used',
          type: 'stat',
          unit: 'ratio',
          width: 3,
          thresholds: BUSY,
          queries: [
            {
              expr: '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes',
              legend: '{{instance}}',
            },
          ],
          emptyText: NO_SYSTEM,
        },
        {
          title: 'Memory',
          type: 'timeseries',
          unit: 'bytes',
          width: 6,
          queries: [
            {
              expr: 'node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes',
              legend: 'used {{instance}}',
            },
            { expr: 'node_memory_Cached_bytes + node_memory_Buffers_bytes', legend: 'cache {{instance}}' },
            { expr: 'node_memory_MemTotal_bytes', legend: 'total {{instance}}' },
          ],
          emptyText: NO_SYSTEM,
        },
        {
          title: 'Swap used',
          type: 'timeseries',
          unit: 'bytes',
          width: 3,
          queries: [
            { expr: 'node_memory_SwapTotal_bytes - node_memory_SwapFree_bytes', legend: '{{instance}}' },
          ],
          emptyText: `No swap metrics: the host has no swap, or the system kit is not collected. ${NO_SYSTEM}`,
        },
      ],
    },
    {
      title: 'Disk',
      panels: [
        {
          title: 'Disk throughput',
          type: 'timeseries',
          unit: 'bytes_per_second',
          queries: [
            { expr: `rate(node_disk_read_bytes_total${RATE})`, legend: 'read {{device}} {{instance}}' },
            { expr: `rate(node_disk_written_bytes_total${RATE})`, legend: 'write {{device}} {{instance}}' },
          ],
          emptyText: NO_SYSTEM,
        },
        {
          title: 'Disk busy',
          type: 'timeseries',
          unit: 'ratio',
          queries: [
            { expr: `rate(node_disk_io_time_seconds_total${RATE})`, legend: '{{device}} {{instance}}' },
          ],
          emptyText: NO_SYSTEM,
        },
        {
          title: 'Filesystem used',
          type: 'bar',
          unit: 'ratio',
          thresholds: BUSY,
          queries: [
            {
              expr: '1 - node_filesystem_avail_bytes / node_filesystem_size_bytes',
              legend: '{{mountpoint}} {{instance}}',
            },
          ],
          emptyText: NO_SYSTEM,
        },
      ],
    },
    {
      title: 'Network',
      panels: [
        {
          title: 'Network traffic',
          type: 'timeseries',
          unit: 'bytes_per_second',
          width: 8,
          queries: [
            {
              expr: `rate(node_network_receive_bytes_total{device!="lo"}${RATE})`,
              legend: 'in {{device}} {{instance}}',
            },
            {
              expr: `rate(node_network_transmit_bytes_total{device!="lo"}${RATE})`,
              legend: 'out {{device}} {{instance}}',
            },
          ],
          emptyText: NO_SYSTEM,
        },
        {
          title: 'Network errors and drops',
          type: 'timeseries',
          unit: 'per_second',
          width: 4,
          queries: [
            {
              expr:
                `sum by (instance) (rate(node_network_receive_errs_total${RATE}) + rate(node_network_transmit_errs_total${RATE})` +
                ` + rate(node_network_receive_drop_total${RATE}) + rate(node_network_transmit_drop_total${RATE}))`,
              legend: '{{instance}}',
            },
          ],
          emptyText: NO_SYSTEM,
        },
      ],
    },
  ],
};
