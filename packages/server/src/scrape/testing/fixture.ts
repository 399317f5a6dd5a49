import { Registry } from '@telemeter/core';
import { waitFor } from '@telemeter/testkit';
import { ScrapeManager } from '../manager.js';
import type { ActiveTarget, ScrapeManagerOptions } from '../types.js';
import { startExporter, type TestExporter } from './exporter.js';
import { openTempDb, type RecordingLogger, recordingLogger, type TempDb } from './harness.js';

/** A manager over a real temp DB with its own registry; `close()` stops and removes everything. */
export interface ScrapeFixture {
  readonly temp: TempDb;
  readonly manager: ScrapeManager;
  readonly registry: Registry;
  readonly logger: RecordingLogger;
  exporter(body?: string): Promise<TestExporter>;
  /** Waits until the target at `address` (of `job`, if given) has been scraped `count` more times than now. */
  scrapes(address: string, count?: number, job?: string): Promise<ActiveTarget>;
  target(address: string, job?: string): ActiveTarget | undefined;
  close(): Promise<void>;
}

export function scrapeFixture(options: Partial<ScrapeManagerOptions> = {}): ScrapeFixture {
  const temp = openTempDb();
  const registry = new Registry();
  const logger = recordingLogger();
  const manager = new ScrapeManager({ db: temp.db, registry, logger, ...options });
  const exporters: TestExporter[] = [];
  const target = (address: string, job?: string) =>
    manager
      .targets('active')
      .activeTargets.find(
        (t) =>
          (job === undefined || t.scrapePool === job) &&
          (t.labels.instance === address || t.discoveredLabels.__address__ === address),
      );
  return {
    temp,
    manager,
    registry,
    logger,
    exporter: async (body) => {
      const e = await startExporter(body);
      exporters.push(e);
      return e;
    },
    target,
    scrapes: async (address, count = 1, job) => {
      let seen = 0;
      let last = target(address, job)?.lastScrape;
      return waitFor(
        `${count} scrape(s) of ${address}`,
        () => {
          const t = target(address, job);
          if (t !== undefined && t.lastScrape !== last) {
            last = t.lastScrape;
            seen++;
          }
          return seen >= count ? t : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 5 },
      );
    },
    close: async () => {
      await manager.stop();
      await Promise.all(exporters.map((e) => e.close()));
      await temp.close();
    },
  };
}
