// telemeter.yml: parsing, validation with key-path errors, defaults, CLI overrides, the redacted
// YAML of the running config and the JSON Schema. Reference: docs/config.md.

export { ConfigError, type ConfigIssue } from './errors.js';
export { configJsonSchema, type JsonSchema } from './json-schema.js';
export { applyOverrides } from './overrides.js';
export { defaultConfig, loadConfig, parseConfig } from './parse.js';
export { redactConfig } from './redact.js';
export type {
  AuthConfig,
  BasicAuth,
  ConfigOverrides,
  CorsConfig,
  DashboardsConfig,
  FileSdConfig,
  FsyncMode,
  GlobalConfig,
  IngestionConfig,
  ListenAddress,
  LiveConfig,
  QueryConfig,
  RelabelAction,
  RelabelConfig,
  ScrapeConfig,
  SelfMonitoringConfig,
  StaticConfig,
  StorageConfig,
  TelemeterServerConfig,
} from './types.js';
