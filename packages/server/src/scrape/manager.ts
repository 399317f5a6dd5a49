import * as http from 'node:http';
import * as https from 'node:https';
import { ScrapeError } from './errors.js';
import { ScrapeMetrics } from './metrics.js';
import { type LoopSettings, ScrapeLoop } from './scrape-loop.js';
import { type PoolDeps, ScrapePool } from './scrape-pool.js';
import { globalUrl } from './target-labels.js';
import type {
  ActiveTarget,
  GlobalScrapeSettings,
  InternalTargetOptions,
  ScrapeConfig,
  ScrapeManagerOptions,
  TargetMetadata,
  TargetState,
  TargetsData,
} from './types.js';
import { resolveScrapeConfigs } from './validate-config.js';

/** Go's zero time, which Prometheus reports as `lastScrape` before a target's first scrape. */
const NEVER = '0001-01-01T00:00:00Z';

/**
 * Runs the scrape pools of the server's `scrape_configs` plus in-process targets, writing every
 * scrape into the DB with Prometheus's semantics (target labels, relabeling, `up` and the other
 * report series, stale markers). See docs/scraping.md.
 *
 * ```ts
 * const manager = new ScrapeManager({ db, logger });
 * await manager.applyConfig(config.scrapeConfigs, { scrapeIntervalMs: 15_000, scrapeTimeoutMs: 10_000 });
 * manager.targets('active');
 * await manager.stop();
 * ```
 */
export class ScrapeManager {
  private readonly deps: PoolDeps;
  private readonly pools = new Map<string, ScrapePool>();
  private readonly internal = new Map<string, ScrapeLoop>();
  private readonly agent = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };
  private applying: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;

  constructor(options: ScrapeManagerOptions) {
    const metrics =
      options.registry === undefined
        ? undefined
        : new ScrapeMetrics(options.registry, () => this.poolSizes());
    this.deps = {
      db: options.db,
      now: options.now ?? Date.now,
      logger: options.logger,
      agent: this.agent,
      metrics,
      externalLabels: Object.entries(options.externalLabels ?? {}).filter(([, v]) => v !== ''),
      onFileReadError: () => metrics?.fileReadError(),
    };
  }

  /**
   * Makes the running pools match `scrapeConfigs`: new jobs start, removed jobs stop and their
   * series get stale markers, changed jobs re-resolve their targets (targets that stay keep their
   * loop), unchanged jobs are left alone. Resolves once the targets are known (file SD read).
   * @throws ScrapeError (TM_SCRAPE_INVALID_CONFIG) before anything changes, for an invalid config.
   */
  async applyConfig(scrapeConfigs: readonly ScrapeConfig[], global: GlobalScrapeSettings): Promise<void> {
    this.assertRunning();
    const resolved = resolveScrapeConfigs(scrapeConfigs, global);
    const run = this.applying.then(() => this.apply(resolved));
    this.applying = run.catch(() => {});
    return run;
  }

  private async apply(configs: readonly ScrapeConfig[]): Promise<void> {
    if (this.stopping !== undefined) return;
    const wanted = new Set(configs.map((c) => c.jobName));
    const removed = [...this.pools.values()].filter((pool) => !wanted.has(pool.name));
    for (const pool of removed) this.pools.delete(pool.name);
    await Promise.all(removed.map((pool) => pool.stop({ stale: true })));
    await Promise.all(
      configs.map(async (config) => {
        const pool = this.pools.get(config.jobName);
        if (pool === undefined) {
          const fresh = new ScrapePool(config, this.deps);
          this.pools.set(config.jobName, fresh);
          await fresh.start();
        } else if (JSON.stringify(pool.config) !== JSON.stringify(config)) {
          await pool.reload(config);
        }
      }),
    );
  }

  /**
   * Adds an in-process target (the server's own registry, host metrics): scraped on its interval
   * like any target — `up`, report series, staleness — with `collect()` in place of HTTP.
   * @throws ScrapeError TM_SCRAPE_DUPLICATE_TARGET when job and instance are already registered.
   */
  addInternalTarget(options: InternalTargetOptions): void {
    this.assertRunning();
    const { job, instance, intervalMs, collect } = options;
    const where = 'addInternalTarget()';
    if (typeof job !== 'string' || job === '')
      throw new ScrapeError('TM_SCRAPE_INVALID_CONFIG', `${where}: job must be a non-empty string`);
    if (typeof instance !== 'string' || instance === '')
      throw new ScrapeError('TM_SCRAPE_INVALID_CONFIG', `${where}: instance must be a non-empty string`);
    if (!(Number.isFinite(intervalMs) && intervalMs > 0))
      throw new ScrapeError(
        'TM_SCRAPE_INVALID_CONFIG',
        `${where}: intervalMs must be > 0, got ${String(intervalMs)}`,
      );
    if (typeof collect !== 'function')
      throw new ScrapeError('TM_SCRAPE_INVALID_CONFIG', `${where}: collect must be a function`);
    const key = `${job}\u0000${instance}`;
    if (this.internal.has(key)) {
      throw new ScrapeError(
        'TM_SCRAPE_DUPLICATE_TARGET',
        `${where}: an internal target with job ${JSON.stringify(job)} and instance ${JSON.stringify(instance)} already exists`,
      );
    }
    const labels = { instance, job };
    const settings: LoopSettings = {
      pool: job,
      key,
      discoveredLabels: { __address__: instance, job },
      labels,
      url: `internal://${instance}/metrics`,
      intervalMs,
      timeoutMs: intervalMs,
      rules: {
        targetLabels: Object.entries(labels),
        honorLabels: false,
        honorTimestamps: true,
        sampleLimit: 0,
        metricRelabelConfigs: [],
        externalLabels: this.deps.externalLabels,
        where: `internal target ${JSON.stringify(job)}`,
      },
      source: { kind: 'internal', collect },
    };
    const loop = new ScrapeLoop(settings, this.deps);
    this.internal.set(key, loop);
    loop.start();
  }

  private *allLoops(): Generator<ScrapeLoop> {
    for (const pool of this.pools.values()) yield* pool.loops.values();
    yield* this.internal.values();
  }

  /** The data of Prometheus's `/api/v1/targets` (`state` as its query parameter). */
  targets(state: TargetState = 'any'): TargetsData {
    const activeTargets: ActiveTarget[] = [];
    if (state !== 'dropped') {
      for (const loop of this.allLoops()) activeTargets.push(describe(loop));
      activeTargets.sort((a, b) => compare(a.scrapePool, b.scrapePool) || compare(a.scrapeUrl, b.scrapeUrl));
    }
    const droppedTargets = state === 'active' ? [] : [...this.pools.values()].flatMap((pool) => pool.dropped);
    return { activeTargets, droppedTargets };
  }

  /** The data of Prometheus's `/api/v1/targets/metadata`: per target, the families of its last scrape. */
  targetMetadata(): TargetMetadata[] {
    const out: TargetMetadata[] = [];
    for (const loop of this.allLoops()) {
      for (const [metric, m] of loop.state.metadata) {
        out.push({ target: { ...loop.settings.labels }, metric, type: m.type, help: m.help, unit: m.unit });
      }
    }
    return out;
  }

  private poolSizes(): Map<string, number> {
    const sizes = new Map<string, number>();
    for (const pool of this.pools.values()) sizes.set(pool.name, pool.loops.size);
    for (const loop of this.internal.values())
      sizes.set(loop.settings.pool, (sizes.get(loop.settings.pool) ?? 0) + 1);
    return sizes;
  }

  /**
   * Stops every pool and internal target and waits for scrapes in flight (which are abandoned,
   * not written). Writes no stale markers: after a restart the series simply continue, as with
   * Prometheus.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.applying;
      const loops = [...this.internal.values()];
      this.internal.clear();
      await Promise.all([
        ...[...this.pools.values()].map((pool) => pool.stop({ stale: false })),
        ...loops.map((loop) => loop.stop({ stale: false })),
      ]);
      this.pools.clear();
      this.agent.http.destroy();
      this.agent.https.destroy();
    })();
    return this.stopping;
  }

  private assertRunning(): void {
    if (this.stopping !== undefined)
      throw new ScrapeError('TM_SCRAPE_STOPPED', 'the scrape manager is stopped; create a new one');
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(loop: ScrapeLoop): ActiveTarget {
  const s = loop.settings;
  return {
    discoveredLabels: { ...s.discoveredLabels },
    labels: { ...s.labels },
    scrapePool: s.pool,
    scrapeUrl: s.url,
    globalUrl: s.source.kind === 'internal' ? s.url : globalUrl(s.url),
    lastError: loop.lastError,
    lastScrape: loop.lastScrape === undefined ? NEVER : new Date(loop.lastScrape).toISOString(),
    lastScrapeDuration: loop.lastDurationSeconds,
    health: loop.health,
    scrapeInterval: loop.intervalText,
    scrapeTimeout: loop.timeoutText,
  };
}
