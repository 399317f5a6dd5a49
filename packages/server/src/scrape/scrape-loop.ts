import type * as http from 'node:http';
import type * as https from 'node:https';
import { performance } from 'node:perf_hooks';
import { createExpositionParser, type ParseFormat } from '@telemeter/core';
import { type Appender, type DB, type Labels, normalizeLabels, STALE_NAN } from '@telemeter/storage';
import type { ServerLogger } from '../http/types.js';
import { formatDuration } from './duration.js';
import {
  authorizationHeader,
  formatFromContentType,
  httpScrape,
  type ScrapeCredentials,
} from './http-scrape.js';
import type { ScrapeMetrics, ScrapeResult } from './metrics.js';
import { type SampleRules, ScrapeBatch, ScrapeFailure, TargetSeriesState } from './scrape-batch.js';
import type { InternalScrapeBody, TargetHealth } from './types.js';

// One target's scrape loop: a timer at a fixed offset within the interval, one scrape at a time,
// one appender and one commit per scrape (samples, stale markers and the report series together).

export type ScrapeSource =
  | ({ readonly kind: 'http' } & ScrapeCredentials)
  | { readonly kind: 'internal'; readonly collect: () => Promise<InternalScrapeBody> };

export interface LoopSettings {
  readonly pool: string;
  /** Target identity within its pool; also seeds the scrape offset. */
  readonly key: string;
  readonly discoveredLabels: Record<string, string>;
  readonly labels: Record<string, string>;
  readonly url: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly rules: SampleRules;
  readonly source: ScrapeSource;
}

export interface LoopDeps {
  readonly db: DB;
  readonly now: () => number;
  readonly logger: ServerLogger;
  readonly agent: { http: http.Agent; https: https.Agent };
  readonly metrics: ScrapeMetrics | undefined;
}

const REPORT_SERIES = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
] as const;

const REPORT_HELP: Record<(typeof REPORT_SERIES)[number], string> = {
  up: 'Health of the scrape target: 1 if the last scrape succeeded, 0 if it failed.',
  scrape_duration_seconds: 'Duration of the scrape, in seconds.',
  scrape_samples_scraped: 'Number of samples the target exposed.',
  scrape_samples_post_metric_relabeling: 'Number of samples left after metric relabeling.',
  scrape_series_added: 'Number of series in this scrape that the previous scrape did not have.',
};

/** The reason an aborted scrape carries when the loop is being stopped (not a failure to record). */
const STOPPING = Symbol('stopping');
const TIMEOUT = Symbol('timeout');

/** FNV-1a: a stable, well-spread offset per target so targets don't scrape in lock-step. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class ScrapeLoop {
  health: TargetHealth = 'unknown';
  lastError = '';
  /** Timestamp (ms) of the last scrape, undefined before the first. */
  lastScrape: number | undefined;
  lastDurationSeconds = 0;
  readonly state = new TargetSeriesState();
  private timer: NodeJS.Timeout | undefined;
  private nextAt = 0;
  private inFlight: Promise<void> | undefined;
  private controller: AbortController | undefined;
  private stopped = false;
  private reportLabels = new Map<string, Labels>();

  constructor(
    public settings: LoopSettings,
    private readonly deps: LoopDeps,
  ) {}

  start(): void {
    const { intervalMs } = this.settings;
    const offset = hash32(`${this.settings.pool}\u0000${this.settings.key}`) % intervalMs;
    const wall = Date.now();
    this.nextAt = wall - (wall % intervalMs) + offset;
    if (this.nextAt < wall) this.nextAt += intervalMs;
    this.schedule();
  }

  /** New settings for the same target (rules, auth, labels shown); reschedules if the interval changed. */
  update(settings: LoopSettings): void {
    const intervalChanged = settings.intervalMs !== this.settings.intervalMs;
    this.settings = settings;
    this.reportLabels = new Map();
    this.state.rulesChanged();
    if (intervalChanged && !this.stopped) {
      clearTimeout(this.timer);
      if (this.inFlight === undefined) this.start();
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    const now = Date.now();
    // A scrape that overran its slot skips the slots it missed rather than firing in a burst.
    while (this.nextAt < now) this.nextAt += this.settings.intervalMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nextAt += this.settings.intervalMs;
      this.inFlight = this.scrape()
        .catch((err) =>
          this.deps.logger.error(
            `scrape pool ${this.settings.pool}: scraping ${this.settings.url} failed: ${(err as Error).message}`,
          ),
        )
        .finally(() => {
          this.inFlight = undefined;
          this.schedule();
        });
    }, this.nextAt - now);
    this.timer.unref();
  }

  /**
   * Stops the loop and waits for a scrape in progress (which is aborted and written nowhere).
   * With `stale`, every series of the target, report series included, then gets a stale marker.
   */
  async stop(options: { stale: boolean }): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.controller?.abort(STOPPING);
    await this.inFlight;
    if (!options.stale || this.lastScrape === undefined) return;
    const t = Math.max(Math.floor(this.deps.now()), this.state.lastTimestamp + 1);
    try {
      const app = this.deps.db.appender();
      ScrapeBatch.failed(app, this.state, t);
      for (const name of REPORT_SERIES) app.append(this.report(name), t, STALE_NAN);
      await app.commit();
    } catch (err) {
      this.deps.logger.warn(
        `scrape pool ${this.settings.pool}: writing stale markers for ${this.settings.url} failed: ${(err as Error).message}`,
      );
    }
  }

  private report(name: string): Labels {
    let labels = this.reportLabels.get(name);
    if (labels === undefined) {
      const record: Record<string, string> = {};
      for (const [k, v] of this.settings.rules.externalLabels) record[k] = v;
      Object.assign(record, this.settings.labels, { __name__: name });
      labels = normalizeLabels(record);
      this.reportLabels.set(name, labels);
    }
    return labels;
  }

  /** Runs one scrape now. Scrape failures are recorded, not thrown; rejects only if the DB is closed. */
  async scrape(): Promise<void> {
    const settings = this.settings;
    const { db, metrics } = this.deps;
    const t = Math.floor(this.deps.now());
    const started = performance.now();
    let app: Appender = db.appender();
    const controller = new AbortController();
    this.controller = controller;
    const timer = setTimeout(() => controller.abort(TIMEOUT), settings.timeoutMs);
    timer.unref();
    const batch = new ScrapeBatch(app, settings.rules, this.state, t);
    let failure: string | undefined;
    let result: ScrapeResult = 'success';
    try {
      await this.fetchInto(batch, controller.signal);
      batch.finish();
    } catch (err) {
      if (controller.signal.reason === STOPPING) {
        app.rollback();
        return;
      }
      result = controller.signal.reason === TIMEOUT ? 'timeout' : 'error';
      failure = this.describeFailure(err, controller.signal.reason === TIMEOUT);
      if (err instanceof ScrapeFailure && err.reason === 'sample_limit') metrics?.sampleLimitExceeded();
      app.rollback();
      app = db.appender();
      ScrapeBatch.failed(app, this.state, t);
    } finally {
      clearTimeout(timer);
      this.controller = undefined;
    }
    const duration = (performance.now() - started) / 1000;
    const ok = failure === undefined;
    const values = [ok ? 1 : 0, duration, batch.scraped, batch.kept, ok ? batch.seriesAdded : 0];
    for (const [i, name] of REPORT_SERIES.entries()) app.append(this.report(name), t, values[i] as number);
    this.storeReportMetadata(app);
    try {
      const committed = await app.commit();
      metrics?.committed(committed, batch.duplicates);
      this.state.lastTimestamp = Math.max(this.state.lastTimestamp, t);
    } catch (err) {
      failure ??= `storing the scrape failed: ${(err as Error).message}`;
      result = 'error';
    }
    metrics?.scrape(settings.pool, result);
    this.health = failure === undefined ? 'up' : 'down';
    this.lastError = failure ?? '';
    this.lastScrape = t;
    this.lastDurationSeconds = duration;
  }

  private async fetchInto(batch: ScrapeBatch, signal: AbortSignal): Promise<void> {
    const settings = this.settings;
    const parse = (format: ParseFormat) =>
      // seriesText: the batch's cache looks series up by their text; labels only for new ones.
      createExpositionParser({
        format,
        onSample: batch.onSample,
        onFamily: batch.onFamily,
        seriesText: true,
      });
    if (settings.source.kind === 'internal') {
      const collected = await abortable(settings.source.collect(), signal);
      const parser = parse(formatFromContentType(collected.contentType));
      parser.write(collected.body);
      parser.end();
      return;
    }
    const response = await httpScrape({
      url: settings.url,
      timeoutMs: settings.timeoutMs,
      authorization: await authorizationHeader(settings.source),
      agent: this.deps.agent,
      signal,
    });
    const parser = parse(formatFromContentType(response.contentType));
    for await (const chunk of response.body) parser.write(chunk);
    parser.end();
  }

  private describeFailure(err: unknown, timedOut: boolean): string {
    const { url, timeoutMs } = this.settings;
    if (timedOut) return `Get "${url}": scrape timed out after ${formatDuration(timeoutMs)} (scrape_timeout)`;
    if (err instanceof ScrapeFailure) return err.message;
    const e = err as { code?: string; message?: string };
    if (e?.code === 'TELEMETER_ERR_PARSE') return `parsing the exposition failed: ${e.message}`;
    if (e?.code !== undefined && /^E[A-Z]/.test(e.code)) return `Get "${url}": ${e.message}`;
    return e?.message ?? String(err);
  }

  private storeReportMetadata(app: Appender): void {
    for (const name of REPORT_SERIES) {
      if (this.state.stored.has(name)) continue;
      app.setMetadata(name, {
        type: 'gauge',
        help: REPORT_HELP[name],
        unit: name === 'scrape_duration_seconds' ? 'seconds' : '',
      });
      this.state.stored.set(name, 'report');
    }
  }

  /** Prometheus's `scrapeInterval` string. */
  get intervalText(): string {
    return formatDuration(this.settings.intervalMs);
  }

  get timeoutText(): string {
    return formatDuration(this.settings.timeoutMs);
  }
}

/** Rejects when `signal` aborts, for work (an internal collect) that takes no signal itself. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
