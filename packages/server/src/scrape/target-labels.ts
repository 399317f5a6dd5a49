import { hostname } from 'node:os';
import { formatDuration, parseDuration } from './duration.js';
import { relabelMap } from './relabel.js';
import type { RelabelConfig } from './types.js';

// How a discovered address becomes a target: Prometheus's PopulateLabels (scrape/target.go).

/** A set of addresses with shared labels, from static_configs or one entry of a file SD file. */
export interface TargetGroup {
  readonly targets: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

/** The pool settings PopulateLabels reads. */
export interface TargetDefaults {
  readonly jobName: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly metricsPath: string;
  readonly scheme: string;
  readonly params: Readonly<Record<string, readonly string[]>>;
  readonly relabelConfigs: readonly RelabelConfig[];
  /** For error messages: `scrape config "node": relabel_configs`. */
  readonly where: string;
}

export interface ResolvedTarget {
  /** Identity within a pool: every label after relabeling, `__` ones included (Prometheus's target hash). */
  readonly key: string;
  readonly discoveredLabels: Record<string, string>;
  /** Labels every scraped series gets: the relabeled set without `__`-prefixed names. */
  readonly labels: Record<string, string>;
  readonly url: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

export type PopulateResult =
  | { readonly kind: 'active'; readonly target: ResolvedTarget }
  | { readonly kind: 'dropped'; readonly discoveredLabels: Record<string, string> }
  | { readonly kind: 'invalid'; readonly discoveredLabels: Record<string, string>; readonly error: string };

function sortedRecord(map: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries([...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** Labels before relabeling: target, then group labels, then the scrape config's defaults. */
export function discoveredLabels(
  address: string,
  groupLabels: Readonly<Record<string, string>>,
  defaults: TargetDefaults,
): Map<string, string> {
  const lb = new Map<string, string>();
  if (address !== '') lb.set('__address__', address);
  for (const [name, value] of Object.entries(groupLabels)) {
    if (value !== '' && !lb.has(name)) lb.set(name, value);
  }
  const scrapeLabels: [string, string][] = [
    ['job', defaults.jobName],
    ['__scrape_interval__', formatDuration(defaults.intervalMs)],
    ['__scrape_timeout__', formatDuration(defaults.timeoutMs)],
    ['__metrics_path__', defaults.metricsPath],
    ['__scheme__', defaults.scheme],
  ];
  for (const [name, value] of scrapeLabels) if (!lb.has(name) && value !== '') lb.set(name, value);
  for (const [name, values] of Object.entries(defaults.params)) {
    const param = `__param_${name}`;
    if (values.length > 0 && values[0] !== '' && !lb.has(param)) lb.set(param, values[0] as string);
  }
  return lb;
}

/** Builds the scrape URL from the relabeled labels, as Prometheus's Target.URL(). */
function scrapeUrl(labels: ReadonlyMap<string, string>, params: TargetDefaults['params']): string {
  const query = new Map<string, string[]>();
  for (const [name, values] of Object.entries(params)) query.set(name, [...values]);
  for (const [name, value] of labels) {
    if (!name.startsWith('__param_')) continue;
    const key = name.slice('__param_'.length);
    const existing = query.get(key);
    if (existing !== undefined && existing.length > 0) existing[0] = value;
    else query.set(key, [value]);
  }
  const url = new URL(`${labels.get('__scheme__')}://${labels.get('__address__')}`);
  url.pathname = labels.get('__metrics_path__') ?? '/metrics';
  const search = new URLSearchParams();
  for (const key of [...query.keys()].sort()) for (const v of query.get(key) ?? []) search.append(key, v);
  url.search = search.toString();
  return url.toString();
}

/** Relabels one discovered address; `invalid` results say why (Prometheus logs them and skips the target). */
export function populateTarget(
  address: string,
  groupLabels: Readonly<Record<string, string>>,
  defaults: TargetDefaults,
): PopulateResult {
  const lb = discoveredLabels(address, groupLabels, defaults);
  const discovered = sortedRecord(lb);
  if (!relabelMap(lb, defaults.relabelConfigs, defaults.where))
    return { kind: 'dropped', discoveredLabels: discovered };
  const invalid = (error: string): PopulateResult => ({
    kind: 'invalid',
    discoveredLabels: discovered,
    error,
  });
  const addr = lb.get('__address__') ?? '';
  if (addr === '') return invalid('no address');
  if (addr.includes('/')) return invalid(`${JSON.stringify(addr)} is not a valid hostname`);
  const scheme = lb.get('__scheme__') ?? '';
  if (scheme !== 'http' && scheme !== 'https')
    return invalid(`unsupported scheme ${JSON.stringify(scheme)}: use http or https`);
  const intervalText = lb.get('__scrape_interval__') ?? '';
  const intervalMs = parseDuration(intervalText);
  if (intervalMs === undefined)
    return invalid(
      `error parsing scrape interval: not a valid duration string: ${JSON.stringify(intervalText)}`,
    );
  if (intervalMs === 0) return invalid('scrape interval cannot be 0');
  const timeoutText = lb.get('__scrape_timeout__') ?? '';
  const timeoutMs = parseDuration(timeoutText);
  if (timeoutMs === undefined)
    return invalid(
      `error parsing scrape timeout: not a valid duration string: ${JSON.stringify(timeoutText)}`,
    );
  if (timeoutMs === 0) return invalid('scrape timeout cannot be 0');
  if (timeoutMs > intervalMs) {
    return invalid(
      `scrape timeout cannot be greater than scrape interval (${JSON.stringify(timeoutText)} > ${JSON.stringify(intervalText)})`,
    );
  }
  // Meta labels go after relabeling; other `__` labels stay for the URL but not on the series.
  for (const name of [...lb.keys()]) if (name.startsWith('__meta_')) lb.delete(name);
  if (!lb.has('instance')) lb.set('instance', addr);
  let url: string;
  try {
    url = scrapeUrl(lb, defaults.params);
  } catch (err) {
    return invalid(`cannot build a scrape URL from ${JSON.stringify(addr)}: ${(err as Error).message}`);
  }
  const full = sortedRecord(lb);
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(full)) if (!name.startsWith('__')) labels[name] = value;
  return {
    kind: 'active',
    target: { key: JSON.stringify(full), discoveredLabels: discovered, labels, url, intervalMs, timeoutMs },
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The scrape URL as seen from elsewhere: a loopback host is replaced by this machine's name. */
export function globalUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!LOOPBACK.has(u.hostname)) return url;
    u.hostname = hostname();
    return u.toString();
  } catch {
    return url;
  }
}
