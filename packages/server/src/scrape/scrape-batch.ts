import type { ParsedFamilyInfo, ParsedSample } from '@telemeter/core';
import {
  type Appender,
  type Label,
  type Labels,
  labelsKey,
  type MetricType,
  normalizeLabels,
  STALE_NAN,
} from '@telemeter/storage';
import { ExposedSeriesCache, ownCopy, seriesTextOf } from './exposed-series-cache.js';
import { relabelMap } from './relabel.js';
import type { RelabelConfig } from './types.js';

// What one scrape writes: the target's samples with target labels attached (honor_labels),
// metric relabeling, sample_limit, and the stale markers for series the previous scrape had and
// this one has not (Prometheus's scrapeLoop.append). The report series are added by the loop.

/** The per-target settings a scrape applies to each sample. */
export interface SampleRules {
  /** Sorted by name. */
  readonly targetLabels: readonly (readonly [string, string])[];
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  /** 0 = none. */
  readonly sampleLimit: number;
  readonly metricRelabelConfigs: readonly RelabelConfig[];
  readonly externalLabels: readonly (readonly [string, string])[];
  /** For errors in metric relabel rules: `scrape config "x": metric_relabel_configs`. */
  readonly where: string;
}

export interface FamilyMetadata {
  readonly type: MetricType;
  readonly help: string;
  readonly unit: string;
}

/**
 * One stored series of a target, shared by every exposed form that resolves to it (label order,
 * empty labels and metric relabeling can map several to one). Its `written` mark replaces the
 * per-scrape maps of written series: a duplicate, a new series and a vanished one are each told
 * by comparing it with a batch id, as Prometheus's scrape cache does with its "seen" marks.
 */
class TargetSeries {
  /** Id of the last batch that appended it (successful or not); 0 = none yet. */
  written = 0;
  constructor(readonly labels: Labels) {}
}

/** `previousBatch` when no successful scrape's series are remembered (batch ids start at 1). */
const NO_BATCH = -1;

/** What a target remembers between scrapes. */
export class TargetSeriesState {
  /** The series the last successful scrape wrote, written by batch `previousBatch`. */
  previous: TargetSeries[] = [];
  /** Per `previous` entry: written at the scrape time (no explicit timestamp), so its disappearance is marked stale. */
  previousTracked: boolean[] = [];
  previousBatch = NO_BATCH;
  /** The last batch id handed out. */
  batches = 0;
  /** Family metadata of the last successful scrape, for the targets/metadata API. */
  metadata = new Map<string, FamilyMetadata>();
  /** What was last handed to `setMetadata`, so unchanged metadata is not re-logged each scrape. */
  readonly stored = new Map<string, string>();
  /**
   * Exposed series (name and labels as exposed) → the series it resolved to (null: dropped by
   * metric relabeling), as Prometheus's scrape cache: a series seen before skips relabeling and
   * label sorting. Valid while the target's rules stay the same.
   */
  exposed = new ExposedSeriesCache<TargetSeries | null>();
  /**
   * Stored labels (labelsKey) → series, so that every exposed form of a series shares one
   * TargetSeries. Depends on no rule, so it outlives cache resets; holds what the last
   * successful scrape wrote plus what later (failed) scrapes added.
   */
  readonly series = new Map<string, TargetSeries>();
  /** Timestamp of the last scrape that wrote anything; stale markers must come after it. */
  lastTimestamp = Number.NEGATIVE_INFINITY;

  /** The target's rules changed: what exposed series resolved to no longer holds. */
  rulesChanged(): void {
    this.exposed = new ExposedSeriesCache();
  }
}

/** Thrown out of the parser callback to fail the scrape; the message becomes `lastError`. */
export class ScrapeFailure extends Error {
  constructor(
    message: string,
    readonly reason: 'sample_limit' | 'invalid',
  ) {
    super(message);
    this.name = 'ScrapeFailure';
  }
}

export class ScrapeBatch {
  /** Samples the target exposed. */
  scraped = 0;
  /** Samples left after metric relabeling. */
  kept = 0;
  /** Series not written by the previous scrape. */
  seriesAdded = 0;
  /** Repeated series within this scrape, skipped (Prometheus counts them as duplicates). */
  duplicates = 0;
  /** Marks what this batch wrote and saw; unique per target. */
  private readonly id: number;
  /** Series written, in order, and whether each was written at the scrape time. */
  private readonly written: TargetSeries[] = [];
  private readonly tracked: boolean[] = [];
  private readonly families = new Map<string, ParsedFamilyInfo>();
  private readonly usedFamilies = new Set<string>();
  private lastFamily: ParsedFamilyInfo | undefined;

  constructor(
    private readonly app: Appender,
    private readonly rules: SampleRules,
    private readonly state: TargetSeriesState,
    private readonly t: number,
  ) {
    this.id = ++state.batches;
  }

  readonly onFamily = (family: ParsedFamilyInfo): void => {
    this.families.set(family.name, family);
  };

  readonly onSample = (sample: ParsedSample, family: ParsedFamilyInfo): void => {
    this.scraped++;
    const id = this.id;
    const state = this.state;
    const cache = state.exposed;
    // The series text comes with the parser's `seriesText` option (scrape-loop.ts sets it).
    const text = sample.series ?? seriesTextOf(sample);
    const entry = cache.get(text, id);
    let series: TargetSeries | null;
    if (entry === undefined) {
      series = this.resolve(sample);
      cache.add(text, series);
    } else {
      series = entry.value;
    }
    if (series === null) return;
    if (series.written === id) {
      this.duplicates++;
      return;
    }
    const rules = this.rules;
    this.kept++;
    if (rules.sampleLimit > 0 && this.kept > rules.sampleLimit) {
      throw new ScrapeFailure(
        `sample_limit exceeded: more than ${rules.sampleLimit} samples after metric relabeling`,
        'sample_limit',
      );
    }
    const explicit = rules.honorTimestamps && sample.timestamp !== undefined;
    this.app.append(series.labels, explicit ? (sample.timestamp as number) : this.t, sample.value);
    if (series.written !== state.previousBatch) this.seriesAdded++;
    series.written = id;
    this.written.push(series);
    this.tracked.push(!explicit);
    if (family !== this.lastFamily) {
      this.lastFamily = family;
      this.usedFamilies.add(family.name);
    }
  };

  /** Target labels, metric relabeling and external labels for one exposed series; null = dropped. */
  private resolve(sample: ParsedSample): TargetSeries | null {
    // Copies, so that the stored series does not keep the scrape's text alive (see ownCopy).
    const lb = new Map<string, string>();
    lb.set('__name__', ownCopy(sample.name));
    const exposed = sample.labels;
    for (const name in exposed) {
      const value = exposed[name] as string;
      if (value !== '') lb.set(ownCopy(name), ownCopy(value));
    }
    this.attachTargetLabels(lb);
    const rules = this.rules;
    if (rules.metricRelabelConfigs.length > 0) {
      const keep = relabelMap(lb, rules.metricRelabelConfigs, `${rules.where}: metric_relabel_configs`);
      if (!keep || lb.size === 0) return null;
    }
    if (!lb.has('__name__'))
      throw new ScrapeFailure('missing metric name (__name__ label) after metric relabeling', 'invalid');
    for (const [name, value] of rules.externalLabels) if (!lb.has(name)) lb.set(name, value);
    const pairs: Label[] = [];
    for (const [name, value] of lb) pairs.push({ name, value });
    let labels: Labels;
    try {
      labels = normalizeLabels(pairs);
    } catch (err) {
      throw new ScrapeFailure(`invalid series ${sample.name}: ${(err as Error).message}`, 'invalid');
    }
    const key = labelsKey(labels);
    let series = this.state.series.get(key);
    if (series === undefined) {
      series = new TargetSeries(labels);
      this.state.series.set(key, series);
    }
    return series;
  }

  private attachTargetLabels(lb: Map<string, string>): void {
    const targetLabels = this.rules.targetLabels;
    if (this.rules.honorLabels) {
      for (const [name, value] of targetLabels) if (!lb.has(name)) lb.set(name, value);
      return;
    }
    let conflicts: [string, string][] | undefined;
    for (const [name, value] of targetLabels) {
      const exposed = lb.get(name);
      if (exposed !== undefined) (conflicts ??= []).push([name, exposed]);
      lb.set(name, value);
    }
    if (conflicts === undefined) return;
    // Shortest names first, each taking the first free exported_… name (Prometheus's order).
    conflicts.sort((a, b) => a[0].length - b[0].length);
    for (const [name, value] of conflicts) {
      let exported = name;
      do exported = `exported_${exported}`;
      while (lb.has(exported));
      lb.set(exported, value);
    }
  }

  /** Ends a successful scrape: stale markers for vanished series, metadata, state for the next one. */
  finish(): void {
    const state = this.state;
    const id = this.id;
    const { previous, previousTracked } = state;
    for (let i = 0; i < previous.length; i++) {
      const s = previous[i] as TargetSeries;
      if (previousTracked[i] && s.written !== id) this.app.append(s.labels, this.t, STALE_NAN);
    }
    state.previous = this.written;
    state.previousTracked = this.tracked;
    state.previousBatch = id;
    // Series the target stopped exposing leave the caches with it. Every cache entry this batch
    // saw resolved to a series it wrote (or to null), so only unseen entries and series go, and
    // a size above what the batch wrote means there are some.
    state.exposed.end(id);
    if (state.series.size > this.written.length)
      for (const [key, s] of state.series) if (s.written !== id) state.series.delete(key);
    const metadata = new Map<string, FamilyMetadata>();
    for (const [name, f] of this.families) metadata.set(name, { type: f.type, help: f.help, unit: f.unit });
    state.metadata = metadata;
    for (const name of this.usedFamilies) {
      const m = metadata.get(name);
      if (m === undefined || (m.type === 'unknown' && m.help === '' && m.unit === '')) continue;
      const encoded = `${m.type}\u0000${m.help}\u0000${m.unit}`;
      if (state.stored.get(name) === encoded) continue;
      this.app.setMetadata(name, m);
      state.stored.set(name, encoded);
    }
  }

  /**
   * Ends a failed scrape in a fresh appender (the failed one was rolled back): the scrape counts
   * as empty, so every series of the previous scrape gets a stale marker.
   */
  static failed(app: Appender, state: TargetSeriesState, t: number): void {
    const { previous, previousTracked } = state;
    for (let i = 0; i < previous.length; i++)
      if (previousTracked[i]) app.append((previous[i] as TargetSeries).labels, t, STALE_NAN);
    state.previous = [];
    state.previousTracked = [];
    state.previousBatch = NO_BATCH;
  }
}
