import type { Engine } from '@telemeter/promql';
import type { DB } from '@telemeter/storage';

/** What /api/v1/status/buildinfo answers (Prometheus's field names). */
export interface ApiBuildInfo {
  readonly version: string;
  readonly revision: string;
  readonly branch: string;
  readonly buildUser: string;
  readonly buildDate: string;
  readonly goVersion: string;
}

export type TargetState = 'active' | 'dropped' | 'any';

/** One metric of one scrape target, for /api/v1/targets/metadata. */
export interface TargetMetadataEntry {
  readonly target: Record<string, string>;
  readonly metric: string;
  readonly type: string;
  readonly help: string;
  readonly unit: string;
}

/** Everything the /api/v1 handlers read from; each part is owned elsewhere in the server. */
export interface ApiDeps {
  readonly db: DB;
  readonly engine: Engine;
  /** Prometheus's /api/v1/targets data; other fields (e.g. droppedTargetCounts) pass through. */
  targets(state: TargetState): { activeTargets: unknown[]; droppedTargets: unknown[] };
  targetMetadata?(): TargetMetadataEntry[];
  /** YAML of the running config, secrets redacted. */
  config(): string;
  flags(): Record<string, string>;
  readonly buildInfo: ApiBuildInfo;
  readonly startTime: Date;
  reloadInfo(): { lastConfigTime: Date; reloadConfigSuccess: boolean };
  readonly limits: {
    /** Range queries may return at most this many points per series (Prometheus: 11,000). */
    readonly maxPointsPerSeries: number;
    /** Longest a query may run; a `timeout` parameter can only shorten it. */
    readonly defaultTimeoutMs: number;
  };
}
