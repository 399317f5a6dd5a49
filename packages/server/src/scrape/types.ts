import type { Registry } from '@telemeter/core';
import type { DB } from '@telemeter/storage';
import type { ServerLogger } from '../http/types.js';

// The scrape manager takes the config loader's types as they are (docs/config.md).
export type {
  BasicAuth,
  FileSdConfig,
  RelabelAction,
  RelabelConfig,
  ScrapeConfig,
  StaticConfig,
} from '../config/types.js';

/** The `global:` defaults a scrape config falls back to when its own value is 0. */
export interface GlobalScrapeSettings {
  readonly scrapeIntervalMs: number;
  readonly scrapeTimeoutMs: number;
}

export type TargetHealth = 'up' | 'down' | 'unknown';

/** An entry of `activeTargets` in Prometheus's `/api/v1/targets`. */
export interface ActiveTarget {
  /** Labels before relabeling, `__meta_*` and `__address__` included. */
  readonly discoveredLabels: Record<string, string>;
  /** Labels after relabeling, without the `__`-prefixed ones: what every scraped series gets. */
  readonly labels: Record<string, string>;
  readonly scrapePool: string;
  readonly scrapeUrl: string;
  /** The scrape URL with a loopback host replaced by this machine's host name. */
  readonly globalUrl: string;
  readonly lastError: string;
  /** RFC 3339; `0001-01-01T00:00:00Z` before the first scrape (Go's zero time, as Prometheus). */
  readonly lastScrape: string;
  /** Seconds. */
  readonly lastScrapeDuration: number;
  readonly health: TargetHealth;
  /** Prometheus duration, e.g. `15s`, `1m30s`. */
  readonly scrapeInterval: string;
  readonly scrapeTimeout: string;
}

/** An entry of `droppedTargets`: a discovered target that relabeling dropped. */
export interface DroppedTarget {
  readonly discoveredLabels: Record<string, string>;
  readonly scrapePool: string;
}

export interface TargetsData {
  readonly activeTargets: ActiveTarget[];
  readonly droppedTargets: DroppedTarget[];
}

export type TargetState = 'active' | 'dropped' | 'any';

/** An entry of Prometheus's `/api/v1/targets/metadata`. */
export interface TargetMetadata {
  readonly target: Record<string, string>;
  readonly metric: string;
  readonly type: string;
  readonly help: string;
  readonly unit: string;
}

/** What an in-process target hands over instead of an HTTP response. */
export interface InternalScrapeBody {
  readonly body: string;
  readonly contentType: string;
}

export interface InternalTargetOptions {
  readonly job: string;
  readonly instance: string;
  readonly intervalMs: number;
  readonly collect: () => Promise<InternalScrapeBody>;
}

export interface ScrapeManagerOptions {
  readonly db: DB;
  /** Where the manager's own metrics go (`telemeter_scrape_*`); none when absent. */
  readonly registry?: Registry;
  readonly logger: ServerLogger;
  /** Wall clock in ms for sample timestamps (default `Date.now`). */
  readonly now?: () => number;
  /** Added to every scraped series that lacks the label (VictoriaMetrics' `external_labels` rule). */
  readonly externalLabels?: Readonly<Record<string, string>>;
}
