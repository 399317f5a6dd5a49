import type { Counter, CounterChild, Histogram, HistogramChild } from '@telemeter/core';
import { nodeErrorCode } from '../shared/error-type.js';
import { type KitOptions, resolveKitOptions, unregisterFamilies } from '../shared/kit-options.js';

/** Local disk operations take tens of µs to ms; network file systems and large files reach seconds. */
export const DEFAULT_FS_DURATION_BUCKETS: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export interface FsKitOptions extends KitOptions {
  /** Buckets of `fs_operation_duration_seconds` (default DEFAULT_FS_DURATION_BUCKETS). */
  buckets?: readonly number[];
}

const KIT_LABELS = ['operation', 'result', 'code'] as const;
/** Distinct error codes kept per operation before new ones go to the overflow series. */
const ERROR_SERIES_LIMIT = 1000;

type Names = readonly string[];

/** Series of one operation, bound once. */
export interface OperationSeries {
  readonly success: CounterChild;
  readonly error: CounterChild;
  readonly duration: HistogramChild;
  readonly name: string;
}

/** Records file-system activity into the kit's metrics (shared by every wrapper with the same options). */
export class FsRecorder {
  private readonly operations: Counter<Names>;
  private readonly duration: Histogram<Names>;
  private readonly errors: Counter<Names>;
  private readonly readBytes: CounterChild;
  private readonly writtenBytes: CounterChild;
  private readonly filesRead: CounterChild;
  private readonly filesWritten: CounterChild;
  private readonly constLabels: Readonly<Record<string, string>>;
  private readonly series = new Map<string, OperationSeries>();

  constructor(options: FsKitOptions = {}) {
    const { registry, prefix, constLabels, constNames } = resolveKitOptions(options, KIT_LABELS, 'fs kit');
    this.constLabels = constLabels;
    const by = (...names: string[]): Names => [...names, ...constNames];
    this.operations = registry.counter({
      name: `${prefix}fs_operations_total`,
      help: 'File-system operations by operation (the fs/promises or FileHandle method) and result (success or error).',
      labelNames: by('operation', 'result'),
    });
    this.duration = registry.histogram({
      name: `${prefix}fs_operation_duration_seconds`,
      help: 'Duration of file-system operations, from the call until its promise settles (streams: until they end, finish, fail or close).',
      labelNames: by('operation'),
      buckets: options.buckets ?? DEFAULT_FS_DURATION_BUCKETS,
    });
    this.errors = registry.counter({
      name: `${prefix}fs_errors_total`,
      help: 'Failed file-system operations by operation and error code (ENOENT, EACCES, ...; "unknown" without a code).',
      labelNames: by('operation', 'code'),
      cardinalityLimit: ERROR_SERIES_LIMIT,
    });
    const bytes = (name: string, help: string) =>
      registry
        .counter({ name: `${prefix}${name}`, help, labelNames: by(), unit: 'bytes' })
        .labels(constLabels);
    this.readBytes = bytes('fs_read_bytes_total', 'Bytes read from files.');
    this.writtenBytes = bytes('fs_written_bytes_total', 'Bytes written to files.');
    const files = (name: string, help: string) =>
      registry.counter({ name: `${prefix}${name}`, help, labelNames: by() }).labels(constLabels);
    this.filesRead = files(
      'fs_files_read_total',
      'Files read: each successful readFile, each FileHandle on its first successful read, each read stream that reached its end.',
    );
    this.filesWritten = files(
      'fs_files_written_total',
      'Files written: each successful writeFile/appendFile, each FileHandle on its first successful write, each write stream that finished.',
    );
  }

  /** The series of `operation` (a method name: a fixed, small set). */
  op(operation: string): OperationSeries {
    let series = this.series.get(operation);
    if (series === undefined) {
      const labels = { ...this.constLabels, operation };
      series = {
        name: operation,
        success: this.operations.labels({ ...labels, result: 'success' }),
        error: this.operations.labels({ ...labels, result: 'error' }),
        duration: this.duration.labels(labels),
      };
      this.series.set(operation, series);
    }
    return series;
  }

  succeeded(series: OperationSeries, startedAt: number): void {
    series.success.inc();
    series.duration.observe((performance.now() - startedAt) / 1000);
  }

  failed(series: OperationSeries, startedAt: number, error: unknown): void {
    series.error.inc();
    series.duration.observe((performance.now() - startedAt) / 1000);
    const code = nodeErrorCode(error);
    this.errors.labels({ ...this.constLabels, operation: series.name, code }).inc();
  }

  read(bytes: number, file: boolean): void {
    if (bytes > 0) this.readBytes.inc(bytes);
    if (file) this.filesRead.inc();
  }

  written(bytes: number, file: boolean): void {
    if (bytes > 0) this.writtenBytes.inc(bytes);
    if (file) this.filesWritten.inc();
  }
}

/** Removes the kit's metric families (those `options` describe) from their registry. */
export function unregisterFsMetrics(options: KitOptions = {}): void {
  unregisterFamilies(options, KIT_LABELS, 'unregisterFsMetrics', [
    'fs_operations_total',
    'fs_operation_duration_seconds',
    'fs_errors_total',
    'fs_read_bytes_total',
    'fs_written_bytes_total',
    'fs_files_read_total',
    'fs_files_written_total',
  ]);
}
