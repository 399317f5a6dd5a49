// The resolved configuration: what parseConfig returns after defaults, units and cross-key rules
// are applied. YAML keys are snake_case (Prometheus's spelling); here they are camelCase, with
// durations in milliseconds (`…Ms`) and sizes in bytes (`…Bytes`). schema.ts and scrape-schema.ts
// are the single source for keys, defaults and checks; this file only names the shapes.

import type { DashboardDefinition } from '../dashboards/definition.js';

export interface ListenAddress {
  /** A host name or IP address; IPv6 without brackets (`::1`). */
  readonly host: string;
  /** 0 asks the operating system for a free port. */
  readonly port: number;
}

export type FsyncMode = 'commit' | 'interval' | 'none';

export interface StorageConfig {
  /** As written (relative paths are relative to the working directory, like `--data`). */
  readonly path: string;
  readonly retentionMs: number;
  readonly retentionBytes?: number;
  readonly fsync: FsyncMode;
  readonly outOfOrderWindowMs: number;
}

export interface GlobalConfig {
  readonly scrapeIntervalMs: number;
  readonly scrapeTimeoutMs: number;
  readonly evaluationIntervalMs: number;
  readonly externalLabels: Readonly<Record<string, string>>;
}

export interface SelfMonitoringConfig {
  readonly enabled: boolean;
  readonly intervalMs: number;
  /** Also collect host metrics (CPU, memory, disk, network). */
  readonly system: boolean;
}

export type RelabelAction =
  | 'replace'
  | 'keep'
  | 'drop'
  | 'keepequal'
  | 'dropequal'
  | 'hashmod'
  | 'labelmap'
  | 'labeldrop'
  | 'labelkeep'
  | 'lowercase'
  | 'uppercase';

export interface RelabelConfig {
  readonly sourceLabels: readonly string[];
  readonly separator: string;
  /** RE2 syntax as written; compile with `anchoredGoRegExp` from @telemeter/storage. */
  readonly regex: string;
  /** hashmod only: the modulus (> 0). */
  readonly modulus?: number;
  readonly targetLabel?: string;
  readonly replacement: string;
  readonly action: RelabelAction;
}

export interface StaticConfig {
  readonly targets: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

export interface FileSdConfig {
  /** Absolute paths or globs (relative ones are resolved against the config file's folder). */
  readonly files: readonly string[];
  readonly refreshIntervalMs: number;
}

export interface BasicAuth {
  readonly username: string;
  readonly password?: string;
  /** Absolute; read at each scrape so the password can rotate. */
  readonly passwordFile?: string;
}

export interface ScrapeConfig {
  readonly jobName: string;
  /** The job's own value, else global.scrape_interval. */
  readonly scrapeIntervalMs: number;
  /** The job's own value, else global.scrape_timeout capped at the job's interval. */
  readonly scrapeTimeoutMs: number;
  readonly metricsPath: string;
  readonly scheme: 'http' | 'https';
  readonly params: Readonly<Record<string, readonly string[]>>;
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  /** 0 means no limit. */
  readonly sampleLimit: number;
  readonly bearerToken?: string;
  /** Absolute; read at each scrape so the token can rotate. */
  readonly bearerTokenFile?: string;
  readonly basicAuth?: BasicAuth;
  readonly staticConfigs: readonly StaticConfig[];
  readonly fileSdConfigs: readonly FileSdConfig[];
  readonly relabelConfigs: readonly RelabelConfig[];
  readonly metricRelabelConfigs: readonly RelabelConfig[];
}

export interface IngestionConfig {
  readonly remoteWrite: boolean;
  readonly textImport: boolean;
  readonly jsonImport: boolean;
  readonly maxBodyBytes: number;
  readonly maxDecompressedBytes: number;
  readonly maxSeriesPerRequest: number;
  readonly maxSamplesPerRequest: number;
}

export interface QueryConfig {
  readonly lookbackDeltaMs: number;
  readonly timeoutMs: number;
  readonly maxSamples: number;
  readonly maxPointsPerSeries: number;
}

export interface AuthConfig {
  /** The bearer token for writes and admin routes: `auth.token`, or the trimmed contents of `auth.token_file`. */
  readonly token?: string;
  /** Absolute path the token was read from. */
  readonly tokenFile?: string;
}

export interface CorsConfig {
  /** Origins like `http://localhost:3000`, or `*` for any. Empty: no CORS headers. */
  readonly allowedOrigins: readonly string[];
}

export interface LiveConfig {
  readonly intervalMs: number;
  readonly maxConnections: number;
  readonly maxSubscriptionsPerConnection: number;
}

export interface DashboardsConfig {
  /** Absolute paths or globs (relative ones are resolved against the config file's folder). */
  readonly files: readonly string[];
  /** The dashboards read from `files` when the config was parsed, checked and with unique ids. */
  readonly definitions: readonly DashboardDefinition[];
}

export interface TelemeterServerConfig {
  readonly listen: ListenAddress;
  readonly storage: StorageConfig;
  readonly global: GlobalConfig;
  readonly selfMonitoring: SelfMonitoringConfig;
  readonly scrapeConfigs: readonly ScrapeConfig[];
  readonly ingestion: IngestionConfig;
  readonly query: QueryConfig;
  readonly auth: AuthConfig;
  readonly cors: CorsConfig;
  readonly live: LiveConfig;
  readonly dashboards: DashboardsConfig;
}

/** Command-line flags that win over the file (`telemeter serve --listen --data --retention`). */
export interface ConfigOverrides {
  readonly listen?: string;
  readonly data?: string;
  readonly retention?: string;
}
