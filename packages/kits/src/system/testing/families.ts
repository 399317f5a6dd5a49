import type { MetricFamily, Registry } from '@telemeter/core';

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Collects `registry` into name → samples (counters and gauges only), for assertions. */
export async function collectSamples(registry: Registry): Promise<Map<string, Sample[]>> {
  return toSamples(await registry.collect());
}

export function toSamples(families: readonly MetricFamily[]): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  for (const family of families) {
    if (family.type !== 'counter' && family.type !== 'gauge') continue;
    out.set(
      family.name,
      family.points.map((point) => ({
        labels: Object.fromEntries(family.labelNames.map((name, i) => [name, point.labelValues[i]!])),
        value: point.value,
      })),
    );
  }
  return out;
}

/** The value of the one sample of `name` whose labels include `match`; undefined if none. */
export function sampleValue(
  samples: Map<string, Sample[]>,
  name: string,
  match: Readonly<Record<string, string>> = {},
): number | undefined {
  const found = samples.get(name)?.filter((s) => Object.entries(match).every(([k, v]) => s.labels[k] === v));
  if (found === undefined || found.length === 0) return undefined;
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(match)}`);
  return found[0]!.value;
}

/** Sum of the samples of `name` whose labels include `match`. */
export function sumOf(
  samples: Map<string, Sample[]>,
  name: string,
  match: Readonly<Record<string, string>> = {},
): number {
  return (samples.get(name) ?? [])
    .filter((s) => Object.entries(match).every(([k, v]) => s.labels[k] === v))
    .reduce((acc, s) => acc + s.value, 0);
}

/** Records telemeter's process warnings (codes `TELEMETER_W_*`) until `stop()` is called. */
export function captureWarnings(): { readonly warnings: { code: string; message: string }[]; stop(): void } {
  const warnings: { code: string; message: string }[] = [];
  const listener = (warning: Error & { code?: string }) => {
    if (warning.code?.startsWith('TELEMETER_W_'))
      warnings.push({ code: warning.code, message: warning.message });
  };
  process.on('warning', listener);
  return { warnings, stop: () => process.off('warning', listener) };
}
