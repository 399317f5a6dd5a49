import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { binaryPath } from './binaries.js';
import { startHttpPeer } from './http-peer.js';
import { instantQuery, type QueryResult } from './instant-query.js';
import { waitFor } from './wait.js';

export type { QueryResult };

export interface PrometheusOptions {
  /** Also scrape Prometheus's own /metrics (job `prometheus`), as the stock prometheus.yml does. */
  selfScrape?: boolean;
  /** Scrape targets as `host:port`, scraped every `scrapeIntervalSeconds` from `metricsPath`. */
  targets?: readonly string[];
  metricsPath?: string;
  /** Also the rule evaluation interval. */
  scrapeIntervalSeconds?: number;
  /** Extra YAML appended under `scrape_configs:` (already indented by two spaces). */
  extraScrapeConfigYaml?: string;
  /** Start with `--web.enable-remote-write-receiver`. */
  remoteWriteReceiver?: boolean;
  /**
   * Remote-write every sample (scraped, received or recorded by a rule) to these URLs, with
   * `batch_send_deadline: 1s` so samples leave within about a second.
   */
  remoteWriteUrls?: readonly string[];
  /**
   * A rule file (`groups: ...`) written to the temp dir and loaded through `rule_files`. Rules are
   * evaluated every `scrapeIntervalSeconds` from the start, without the ~5.5 s first-scrape wait,
   * which makes a recording rule the quickest way to get series into a fresh Prometheus.
   */
  rulesYaml?: string;
  /** Top-level YAML appended to prometheus.yml, e.g. an `alerting:` section (not indented). */
  extraConfigYaml?: string;
  extraFlags?: readonly string[];
}

export interface RunningPrometheus {
  readonly url: string;
  readonly dataDir: string;
  /** `url` + `/api/v1/write`; accepts writes only with `remoteWriteReceiver: true`. */
  readonly remoteWriteUrl: string;
  readonly pid: number;
  /** Instant query through `/api/v1/query`; throws on an API error. */
  query(expr: string, time?: number): Promise<QueryResult[]>;
  /** Waits until every configured target reports `health: up`. */
  waitForTargetsUp(timeoutMs?: number): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

/** prometheus.yml for `options`; the rule file, when there is one, is at `rulesFile`. */
function prometheusConfig(options: PrometheusOptions, rulesFile: string | undefined, port: number): string {
  const interval = options.scrapeIntervalSeconds ?? 1;
  const targets = options.targets ?? [];
  const lines = [
    `global: {scrape_interval: ${interval}s, scrape_timeout: ${interval}s, evaluation_interval: ${interval}s}`,
  ];
  if (rulesFile) lines.push(`rule_files: [${JSON.stringify(rulesFile)}]`);
  lines.push('scrape_configs:');
  if (targets.length > 0) {
    lines.push(
      '  - job_name: target',
      `    metrics_path: ${JSON.stringify(options.metricsPath ?? '/metrics')}`,
      `    static_configs: [{targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}]}]`,
    );
  }
  if (options.selfScrape) {
    lines.push('  - job_name: prometheus', `    static_configs: [{targets: ["127.0.0.1:${port}"]}]`);
  }
  if (options.extraScrapeConfigYaml) lines.push(options.extraScrapeConfigYaml);
  if (targets.length === 0 && !options.extraScrapeConfigYaml && !options.selfScrape) {
    lines[lines.length - 1] = 'scrape_configs: []';
  }
  const remoteWriteUrls = options.remoteWriteUrls ?? [];
  if (remoteWriteUrls.length > 0) {
    lines.push('remote_write:');
    for (const url of remoteWriteUrls) {
      lines.push(`  - url: ${JSON.stringify(url)}`, '    queue_config: {batch_send_deadline: 1s}');
    }
  }
  if (options.extraConfigYaml) lines.push(options.extraConfigYaml);
  return `${lines.join('\n')}\n`;
}

/**
 * Starts Debian's Prometheus 2.42 on 127.0.0.1 with every default path overridden (see
 * ../shared/PEERS.md): config, TSDB path and listen address all point into a temp dir.
 * The first scrape of a target comes ~5.5 s after start; budget for it in test timeouts.
 */
export async function startPrometheus(options: PrometheusOptions = {}): Promise<RunningPrometheus> {
  const peer = await startHttpPeer({
    name: 'Prometheus',
    binary: binaryPath('prometheus', 'prometheus'),
    tempPrefix: 'telemeter-prom-',
    readyPath: '/-/ready',
    async flags(dir, port) {
      let rulesFile: string | undefined;
      if (options.rulesYaml !== undefined) {
        rulesFile = join(dir, 'rules.yml');
        await writeFile(rulesFile, options.rulesYaml);
      }
      const configFile = join(dir, 'prometheus.yml');
      await writeFile(configFile, prometheusConfig(options, rulesFile, port));
      return [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
        ...(options.remoteWriteReceiver ? ['--web.enable-remote-write-receiver'] : []),
        ...(options.extraFlags ?? []),
      ];
    },
  });
  const url = peer.url;
  const query = (expr: string, time?: number) => instantQuery('Prometheus', url, expr, time);

  const waitForTargetsUp = async (timeoutMs = 20_000) => {
    await waitFor(
      'all scrape targets up',
      async () => {
        const res = await fetch(`${url}/api/v1/targets?state=active`);
        const body = (await res.json()) as {
          data: { activeTargets: { health: string; lastError: string; scrapeUrl: string }[] };
        };
        const active = body.data.activeTargets;
        if (active.length === 0) return undefined;
        const notUp = active.filter((t) => t.health !== 'up');
        if (notUp.length === 0) return true;
        const errors = notUp.map((t) => `${t.scrapeUrl}: ${t.health} ${t.lastError}`).join('; ');
        throw new Error(errors);
      },
      { timeoutMs, intervalMs: 250 },
    );
  };

  return {
    url,
    dataDir: peer.dir,
    remoteWriteUrl: `${url}/api/v1/write`,
    pid: peer.pid,
    query,
    waitForTargetsUp,
    output: peer.output,
    stop: peer.stop,
  };
}
