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

interface ResolvedSeries {
  readonly labels: Labels;
  readonly key: string;
}

interface SeenSeries {
  readonly labels: Labels;
  /** Written at the scrape time (no explicit timestamp), so its disappearance is marked stale. */
  readonly tracked: boolean;
}

/** What a target remembers between scrapes. */
export class TargetSeriesState {
  /** The series the last scrape wrote. */
  previous = new Map<string, SeenSeries>();
  /** Family metadata of the last successful scrape, for the targets/metadata API. */
  metadata = new Map<string, FamilyMetadata>();
  /** What was last handed to `setMetadata`, so unchanged metadata is not re-logged each scrape. */
  readonly stored = new Map<string, string>();
  /**
   * Exposed series → stored labels (null: dropped by metric relabeling), as Prometheus's scrape
   * cache: a series seen before skips relabeling and label sorting. Valid while the target's
   * rules stay the same; cleared when they change.
   */
  cache = new Map<string, ResolvedSeries | null>();
  /** Timestamp of the last scrape that wrote anything; stale markers must come after it. */
  lastTimestamp = Number.NEGATIVE_INFINITY;
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
  private readonly current = new Map<string, SeenSeries>();
  private readonly families = new Map<string, ParsedFamilyInfo>();
  private readonly usedFamilies = new Set<string>();
  /** Cache entries this scrape used; they replace the cache when the scrape succeeds. */
  private readonly seen = new Map<string, ResolvedSeries | null>();

  constructor(
    private readonly app: Appender,
    private readonly rules: SampleRules,
    private readonly state: TargetSeriesState,
    private readonly t: number,
  ) {}

  readonly onFamily = (family: ParsedFamilyInfo): void => {
    this.families.set(family.name, family);
  };

  readonly onSample = (sample: ParsedSample, family: ParsedFamilyInfo): void => {
    this.scraped++;
    const rules = this.rules;
    // The exposed name and labels, in exposition order: the key of the target's series cache.
    // A value holding one of the separators could make two series share a key: not cached.
    let raw: string | undefined = sample.name;
    for (const name in sample.labels) {
      const value = sample.labels[name] as string;
      if (value.includes('\u0000') || value.includes('\u0001')) {
        raw = undefined;
        break;
      }
      raw += `\u0000${name}\u0001${value}`;
    }
    let series = raw === undefined ? undefined : this.state.cache.get(raw);
    if (series === undefined) {
      series = this.resolve(sample);
      if (raw !== undefined) this.state.cache.set(raw, series);
    }
    if (raw !== undefined) this.seen.set(raw, series);
    if (series === null) return;
    const { labels, key } = series;
    if (this.current.has(key)) {
      this.duplicates++;
      return;
    }
    this.kept++;
    if (rules.sampleLimit > 0 && this.kept > rules.sampleLimit) {
      throw new ScrapeFailure(
        `sample_limit exceeded: more than ${rules.sampleLimit} samples after metric relabeling`,
        'sample_limit',
      );
    }
    const explicit = rules.honorTimestamps && sample.timestamp !== undefined;
    this.app.append(labels, explicit ? (sample.timestamp as number) : this.t, sample.value);
    this.current.set(key, { labels, tracked: !explicit });
    if (!this.state.previous.has(key)) this.seriesAdded++;
    this.usedFamilies.add(family.name);
  };

  /** Target labels, metric relabeling and external labels for one exposed series; null = dropped. */
  private resolve(sample: ParsedSample): ResolvedSeries | null {
    const lb = new Map<string, string>();
    lb.set('__name__', sample.name);
    for (const name in sample.labels) {
      const value = sample.labels[name] as string;
      if (value !== '') lb.set(name, value);
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
    return { labels, key: labelsKey(labels) };
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
    this.markVanished();
    // Series the target stopped exposing leave the cache with it.
    this.state.cache = this.seen;
    const metadata = new Map<string, FamilyMetadata>();
    for (const [name, f] of this.families) metadata.set(name, { type: f.type, help: f.help, unit: f.unit });
    this.state.metadata = metadata;
    for (const name of this.usedFamilies) {
      const m = metadata.get(name);
      if (m === undefined || (m.type === 'unknown' && m.help === '' && m.unit === '')) continue;
      const encoded = `${m.type}\u0000${m.help}\u0000${m.unit}`;
      if (this.state.stored.get(name) === encoded) continue;
      this.app.setMetadata(name, m);
      this.state.stored.set(name, encoded);
    }
  }

  /**
   * Ends a failed scrape in a fresh appender (the failed one was rolled back): the scrape counts
   * as empty, so every series of the previous scrape gets a stale marker.
   */
  static failed(app: Appender, state: TargetSeriesState, t: number): void {
    for (const s of state.previous.values()) if (s.tracked) app.append(s.labels, t, STALE_NAN);
    state.previous = new Map();
  }

  private markVanished(): void {
    for (const [key, s] of this.state.previous) {
      if (s.tracked && !this.current.has(key)) this.app.append(s.labels, this.t, STALE_NAN);
    }
    this.state.previous = this.current;
  }
}
