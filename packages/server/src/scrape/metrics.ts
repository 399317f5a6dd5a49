import type { Counter, Registry } from '@telemeter/core';
import type { CommitResult } from '@telemeter/storage';

/** How a scrape ended, the `result` label of telemeter_scrapes_total. */
export type ScrapeResult = 'success' | 'error' | 'timeout';

/**
 * The scrape manager's own metrics, named after Prometheus's `prometheus_target_*` and
 * `prometheus_sd_*` ones with a `telemeter_` prefix.
 */
export class ScrapeMetrics {
  private readonly scrapes: Counter<readonly ['scrape_job', 'result']>;
  private readonly exceededSampleLimit: Counter;
  private readonly duplicateTimestamp: Counter;
  private readonly outOfOrder: Counter;
  private readonly outOfBounds: Counter;
  private readonly fileReadErrors: Counter;

  constructor(registry: Registry, poolTargets: () => ReadonlyMap<string, number>) {
    registry.gauge({
      name: 'telemeter_scrape_pool_targets',
      help: 'Current number of active targets in each scrape pool.',
      labelNames: ['scrape_job'] as const,
      collect: (gauge) => {
        gauge.clear();
        for (const [job, n] of poolTargets()) gauge.labels({ scrape_job: job }).set(n);
      },
    });
    this.scrapes = registry.counter({
      name: 'telemeter_scrapes_total',
      help: 'Scrapes run, by scrape pool and result (success, error, timeout).',
      labelNames: ['scrape_job', 'result'] as const,
    });
    this.exceededSampleLimit = registry.counter({
      name: 'telemeter_target_scrapes_exceeded_sample_limit_total',
      help: 'Scrapes that failed because the target exposed more samples than sample_limit.',
    });
    this.duplicateTimestamp = registry.counter({
      name: 'telemeter_target_scrapes_sample_duplicate_timestamp_total',
      help: 'Samples dropped because a scrape repeated a series or sent a new value for a stored timestamp.',
    });
    this.outOfOrder = registry.counter({
      name: 'telemeter_target_scrapes_sample_out_of_order_total',
      help: 'Samples rejected because their timestamp was older than the series’ newest sample.',
    });
    this.outOfBounds = registry.counter({
      name: 'telemeter_target_scrapes_sample_out_of_bounds_total',
      help: 'Samples rejected because their timestamp was too old for the store, or invalid.',
    });
    this.fileReadErrors = registry.counter({
      name: 'telemeter_sd_file_read_errors_total',
      help: 'File service discovery reads that failed (unreadable or invalid file); the previous targets were kept.',
    });
  }

  scrape(job: string, result: ScrapeResult): void {
    this.scrapes.labels({ scrape_job: job, result }).inc();
  }

  sampleLimitExceeded(): void {
    this.exceededSampleLimit.inc();
  }

  committed(result: CommitResult, scrapeDuplicates: number): void {
    if (scrapeDuplicates + result.rejected.duplicate > 0)
      this.duplicateTimestamp.inc(scrapeDuplicates + result.rejected.duplicate);
    if (result.rejected.out_of_order > 0) this.outOfOrder.inc(result.rejected.out_of_order);
    const bounds = result.rejected.too_old + result.rejected.invalid;
    if (bounds > 0) this.outOfBounds.inc(bounds);
  }

  fileReadError(): void {
    this.fileReadErrors.inc();
  }
}
