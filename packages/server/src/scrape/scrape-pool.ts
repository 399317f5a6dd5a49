import { FileDiscovery } from './file-sd.js';
import { type LoopDeps, type LoopSettings, ScrapeLoop } from './scrape-loop.js';
import {
  populateTarget,
  type ResolvedTarget,
  type TargetDefaults,
  type TargetGroup,
} from './target-labels.js';
import type { DroppedTarget, ScrapeConfig } from './types.js';

export interface PoolDeps extends LoopDeps {
  readonly externalLabels: readonly (readonly [string, string])[];
  readonly onFileReadError: () => void;
}

/**
 * The targets of one `scrape_configs` entry: static and file-discovered groups, relabeled into
 * targets, one ScrapeLoop per distinct target. A sync keeps the loops of targets that are still
 * there, starts new ones and stops vanished ones with stale markers.
 */
export class ScrapePool {
  readonly loops = new Map<string, ScrapeLoop>();
  dropped: DroppedTarget[] = [];
  private discoveries: FileDiscovery[] = [];
  private syncing: Promise<void> = Promise.resolve();
  private stopped = false;

  /** `config` has its interval and timeout already resolved against the global defaults. */
  constructor(
    public config: ScrapeConfig,
    private readonly deps: PoolDeps,
  ) {}

  get name(): string {
    return this.config.jobName;
  }

  async start(): Promise<void> {
    await this.startDiscoveries();
    await this.sync();
  }

  /** Applies a changed config of the same job: targets that stay keep their loops and series state. */
  async reload(config: ScrapeConfig): Promise<void> {
    const sdChanged = JSON.stringify(config.fileSdConfigs) !== JSON.stringify(this.config.fileSdConfigs);
    this.config = config;
    if (sdChanged) {
      await Promise.all(this.discoveries.map((d) => d.stop()));
      await this.startDiscoveries();
    }
    await this.sync();
  }

  private async startDiscoveries(): Promise<void> {
    this.discoveries = this.config.fileSdConfigs.map(
      (sd) => new FileDiscovery(sd, this.deps.logger, () => void this.sync(), this.deps.onFileReadError),
    );
    await Promise.all(this.discoveries.map((d) => d.start()));
  }

  /** Recomputes the targets; syncs run one at a time, in order. */
  sync(): Promise<void> {
    const run = this.syncing.then(() => this.syncNow());
    this.syncing = run.catch((err) =>
      this.deps.logger.error(`scrape pool ${this.name}: updating targets failed: ${(err as Error).message}`),
    );
    return run;
  }

  private groups(): TargetGroup[] {
    return [...this.config.staticConfigs, ...this.discoveries.flatMap((d) => d.groups())];
  }

  private async syncNow(): Promise<void> {
    if (this.stopped) return;
    const c = this.config;
    const defaults: TargetDefaults = {
      jobName: c.jobName,
      intervalMs: c.scrapeIntervalMs,
      timeoutMs: c.scrapeTimeoutMs,
      metricsPath: c.metricsPath,
      scheme: c.scheme,
      params: c.params,
      relabelConfigs: c.relabelConfigs,
      where: `scrape config ${JSON.stringify(c.jobName)}: relabel_configs`,
    };
    const active = new Map<string, ResolvedTarget>();
    const dropped: DroppedTarget[] = [];
    for (const group of this.groups()) {
      for (const address of group.targets) {
        const result = populateTarget(address, group.labels, defaults);
        if (result.kind === 'active') {
          if (!active.has(result.target.key)) active.set(result.target.key, result.target);
        } else if (result.kind === 'dropped') {
          dropped.push({ discoveredLabels: result.discoveredLabels, scrapePool: c.jobName });
        } else {
          this.deps.logger.warn(
            `scrape pool ${c.jobName}: skipping target ${JSON.stringify(address)}: ${result.error}`,
          );
        }
      }
    }
    const gone = [...this.loops].filter(([key]) => !active.has(key));
    for (const [key] of gone) this.loops.delete(key);
    await Promise.all(gone.map(([, loop]) => loop.stop({ stale: true })));
    if (this.stopped) return;
    for (const [key, target] of active) {
      const settings = this.loopSettings(target);
      const loop = this.loops.get(key);
      if (loop !== undefined) {
        loop.update(settings);
      } else {
        const fresh = new ScrapeLoop(settings, this.deps);
        this.loops.set(key, fresh);
        fresh.start();
      }
    }
    this.dropped = dropped;
  }

  private loopSettings(target: ResolvedTarget): LoopSettings {
    const c = this.config;
    return {
      pool: c.jobName,
      key: target.key,
      discoveredLabels: target.discoveredLabels,
      labels: target.labels,
      url: target.url,
      intervalMs: target.intervalMs,
      timeoutMs: target.timeoutMs,
      rules: {
        targetLabels: Object.entries(target.labels),
        honorLabels: c.honorLabels,
        honorTimestamps: c.honorTimestamps,
        sampleLimit: c.sampleLimit,
        metricRelabelConfigs: c.metricRelabelConfigs,
        externalLabels: this.deps.externalLabels,
        where: `scrape config ${JSON.stringify(c.jobName)}`,
      },
      source: {
        kind: 'http',
        bearerToken: c.bearerToken,
        bearerTokenFile: c.bearerTokenFile,
        basicAuth: c.basicAuth,
      },
    };
  }

  /** Stops discovery and every loop; `stale` writes stale markers for all the pool's series. */
  async stop(options: { stale: boolean }): Promise<void> {
    this.stopped = true;
    await Promise.all(this.discoveries.map((d) => d.stop()));
    await this.syncing;
    await Promise.all([...this.loops.values()].map((loop) => loop.stop(options)));
    this.loops.clear();
  }
}
