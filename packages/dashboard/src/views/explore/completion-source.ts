// Where completions come from: metric names and their HELP, label names and values, each asked of
// the server once per Explore visit and kept (the lists change at scrape speed, not typing speed).
import type { ApiClient, MetricMetadata } from '../../data/api.js';
import { type CompletionContext, selectorNames } from './completion-context.js';
import { VOCABULARY } from './promql-vocabulary.js';
import type { Candidates } from './suggestions.js';

export interface MetricInfo {
  readonly name: string;
  readonly type?: string;
  readonly help?: string;
}

// Series names carry suffixes their family (which metadata is keyed by) does not.
const SAMPLE_SUFFIXES = ['_total', '_bucket', '_count', '_sum', '_created', '_info'];

/** The metadata of the family `name` belongs to: `http_requests_total` → `http_requests`. */
export function familyMetadata(
  metadata: Readonly<Record<string, readonly MetricMetadata[]>>,
  name: string,
): MetricMetadata | undefined {
  const exact = metadata[name]?.[0];
  if (exact !== undefined) return exact;
  for (const suffix of SAMPLE_SUFFIXES) {
    if (name.endsWith(suffix)) {
      const family = metadata[name.slice(0, -suffix.length)]?.[0];
      if (family !== undefined) return family;
    }
  }
  return undefined;
}

export class CompletionSource {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(private readonly api: ApiClient) {}

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    let hit = this.cache.get(key) as Promise<T> | undefined;
    if (hit === undefined) {
      hit = load();
      // A failed lookup is tried again next time rather than remembered.
      hit.catch(() => this.cache.delete(key));
      this.cache.set(key, hit);
    }
    return hit;
  }

  metrics(): Promise<MetricInfo[]> {
    return this.cached('metrics', async () => {
      const [names, metadata] = await Promise.all([
        this.api.labelValues('__name__'),
        this.api.metadata().catch(() => ({}) as Record<string, MetricMetadata[]>),
      ]);
      return names.map((name) => {
        const meta = familyMetadata(metadata, name);
        return {
          name,
          ...(meta?.type ? { type: meta.type } : {}),
          ...(meta?.help ? { help: meta.help } : {}),
        };
      });
    });
  }

  labelNames(metrics: readonly string[]): Promise<string[]> {
    const match = metrics.length === 0 ? undefined : metrics;
    return this.cached(`labels:${metrics.join(',')}`, () => this.api.labels(match));
  }

  labelValues(label: string, metric: string | undefined): Promise<string[]> {
    return this.cached(`values:${label}:${metric ?? ''}`, () =>
      this.api.labelValues(label, metric === undefined ? undefined : [metric]),
    );
  }

  /** What `context` needs, fetched (or from the cache). */
  async candidatesFor(context: CompletionContext, text: string): Promise<Candidates> {
    switch (context.kind) {
      case 'none':
        return {};
      case 'expression':
        return { metrics: context.afterOperand ? [] : await this.metrics(), vocabulary: VOCABULARY };
      case 'label-name': {
        if (context.metric !== undefined) return { labels: await this.labelNames([context.metric]) };
        // In `by (...)` or a bare `{`: the labels of the metrics the query names, if any are known.
        const known = new Set((await this.metrics()).map((m) => m.name));
        return { labels: await this.labelNames(selectorNames(text).filter((n) => known.has(n))) };
      }
      case 'label-value':
        return { values: await this.labelValues(context.label, context.metric) };
    }
  }
}
