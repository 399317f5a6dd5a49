import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMatcher, DB, isStaleNaN, labelsToRecord } from '@telemeter/storage';
import type { ServerLogger } from '../../http/types.js';
import type { ScrapeConfig } from '../types.js';

/** A logger that keeps its lines for assertions. */
export interface RecordingLogger extends ServerLogger {
  readonly lines: { level: 'info' | 'warn' | 'error'; message: string }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
}

export interface TempDb {
  readonly db: DB;
  readonly dir: string;
  close(): Promise<void>;
}

/** A real DB in a temp dir, removed on close. */
export function openTempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-scrape-'));
  const db = DB.open(join(dir, 'data'), {
    compactionIntervalMs: 0,
    retentionMs: 0,
    fsync: 'none',
    logger: { warn: () => {}, info: () => {} },
  });
  return {
    db,
    dir,
    close: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface StoredPoint {
  readonly t: number;
  readonly v: number;
  readonly stale: boolean;
}

export interface StoredSeries {
  readonly labels: Record<string, string>;
  readonly points: StoredPoint[];
}

/** Every stored series whose labels equal `match` (exact matchers), with all its samples. */
export function readSeries(db: DB, match: Record<string, string>): StoredSeries[] {
  const q = db.querier(0, Number.MAX_SAFE_INTEGER);
  try {
    const matchers = Object.entries(match).map(([name, value]) => createMatcher('=', name, value));
    return q.select(matchers).map((series) => {
      const points: StoredPoint[] = [];
      const it = series.iterator();
      while (it.next()) points.push({ t: it.t, v: it.v, stale: isStaleNaN(it.v) });
      return { labels: labelsToRecord(series.labels), points };
    });
  } finally {
    q.close();
  }
}

/** The only series matching `match`; throws when there is not exactly one. */
export function readOne(db: DB, match: Record<string, string>): StoredSeries {
  const found = readSeries(db, match);
  if (found.length !== 1)
    throw new Error(`expected one series for ${JSON.stringify(match)}, found ${found.length}`);
  return found[0] as StoredSeries;
}

/** A scrape config with Prometheus's defaults and short test intervals; override what a test needs. */
export function scrapeConfig(
  jobName: string,
  targets: readonly string[],
  overrides: Partial<ScrapeConfig> = {},
): ScrapeConfig {
  return {
    jobName,
    scrapeIntervalMs: 200,
    scrapeTimeoutMs: 200,
    metricsPath: '/metrics',
    scheme: 'http',
    params: {},
    honorLabels: false,
    honorTimestamps: true,
    sampleLimit: 0,
    staticConfigs: targets.length > 0 ? [{ targets, labels: {} }] : [],
    fileSdConfigs: [],
    relabelConfigs: [],
    metricRelabelConfigs: [],
    ...overrides,
  };
}

// Timeouts as long as the interval: a loaded CI machine must not turn a test scrape into a timeout.
export const GLOBAL = { scrapeIntervalMs: 200, scrapeTimeoutMs: 200 } as const;
