import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from './binaries.js';
import { freePort } from './free-port.js';
import { startPeerProcess } from './peer-process.js';
import { waitFor } from './wait.js';

export interface PrometheusOptions {
  /** Scrape targets as `host:port`, scraped every `scrapeIntervalSeconds` from `metricsPath`. */
  targets?: readonly string[];
  metricsPath?: string;
  scrapeIntervalSeconds?: number;
  /** Extra YAML appended under `scrape_configs:` (already indented by two spaces). */
  extraScrapeConfigYaml?: string;
  /** Start with `--web.enable-remote-write-receiver`. */
  remoteWriteReceiver?: boolean;
  extraFlags?: readonly string[];
}

export interface QueryResult {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

export interface RunningPrometheus {
  readonly url: string;
  readonly dataDir: string;
  /** Instant query through `/api/v1/query`; throws on an API error. */
  query(expr: string, time?: number): Promise<QueryResult[]>;
  /** Waits until every configured target reports `health: up`. */
  waitForTargetsUp(timeoutMs?: number): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's Prometheus 2.42 on 127.0.0.1 with every default path overridden (see
 * ../shared/PEERS.md): config, TSDB path and listen address all point into a temp dir.
 * The first scrape of a target comes ~5.5 s after start; budget for it in test timeouts.
 */
export async function startPrometheus(options: PrometheusOptions = {}): Promise<RunningPrometheus> {
  const binary = findBinary('prometheus');
  if (!binary) throw new Error('prometheus is not installed: apt-get install -y prometheus');
  const dir = await mkdtemp(join(tmpdir(), 'telemeter-prom-'));
  const port = await freePort();
  const interval = options.scrapeIntervalSeconds ?? 1;
  const targets = options.targets ?? [];
  const lines = [
    `global: {scrape_interval: ${interval}s, scrape_timeout: ${interval}s, evaluation_interval: ${interval}s}`,
    'scrape_configs:',
  ];
  if (targets.length > 0) {
    lines.push(
      '  - job_name: target',
      `    metrics_path: ${JSON.stringify(options.metricsPath ?? '/metrics')}`,
      `    static_configs: [{targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}]}]`,
    );
  }
  if (options.extraScrapeConfigYaml) lines.push(options.extraScrapeConfigYaml);
  if (targets.length === 0 && !options.extraScrapeConfigYaml) lines[lines.length - 1] = 'scrape_configs: []';
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, `${lines.join('\n')}\n`);
  const flags = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
    ...(options.remoteWriteReceiver ? ['--web.enable-remote-write-receiver'] : []),
    ...(options.extraFlags ?? []),
  ];
  const proc = startPeerProcess(binary, flags);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await proc.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor('Prometheus /-/ready', async () => {
      if (proc.child.exitCode !== null) throw new Error(`prometheus exited: ${proc.output().slice(-2000)}`);
      const res = await fetch(`${url}/-/ready`);
      return res.ok ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }

  const query = async (expr: string, time?: number): Promise<QueryResult[]> => {
    const params = new URLSearchParams({ query: expr });
    if (time !== undefined) params.set('time', String(time));
    const res = await fetch(`${url}/api/v1/query?${params}`);
    const body = (await res.json()) as { status: string; error?: string; data?: { result: QueryResult[] } };
    if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`);
    return body.data?.result ?? [];
  };

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

  return { url, dataDir: dir, query, waitForTargetsUp, output: proc.output, stop };
}
