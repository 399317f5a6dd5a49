/**
 * @telemeter/server — `telemeter serve` as a library: one process that scrapes and receives
 * metrics, keeps them in the embedded store, answers PromQL through a Prometheus-compatible API
 * and streams live query results over WebSocket.
 *
 * ```ts
 * import { defaultConfig, startServer } from '@telemeter/server';
 * const server = await startServer({ config: defaultConfig() });
 * console.log(`serving on ${server.url}`);
 * ```
 */

// The server
export {
  consoleLogger,
  type ReloadResult,
  type RunningServer,
  type StartServerOptions,
  startServer,
} from './server.js';
export { ServerError, type ServerErrorCode } from './errors.js';
export { BUILD_INFO, VERSION } from './version.js';
export type { ApiRequest, ApiResponse, RouteHandler, ServerLogger } from './http/types.js';

// Configuration (docs/config.md)
export {
  applyOverrides,
  ConfigError,
  type ConfigIssue,
  configJsonSchema,
  defaultConfig,
  loadConfig,
  parseConfig,
  redactConfig,
} from './config/index.js';
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
} from './config/index.js';

// Ingestion (docs/ingestion.md, docs/format/remote-write.md)
export {
  createIngestMetrics,
  decodeWriteRequest,
  encodeWriteRequest,
  handleJsonImport,
  handleRemoteWrite,
  handleTextImport,
  type IngestContext,
  IngestError,
  type IngestErrorCode,
  type IngestLimits,
  IngestMetrics,
  snappyCompress,
  snappyUncompress,
  type WriteExemplar,
  type WriteMetadata,
  type WriteRequest,
  type WriteSample,
  type WriteTimeSeries,
} from './ingest/index.js';

// Scraping (docs/scraping.md)
export {
  type ActiveTarget,
  type DroppedTarget,
  type InternalTargetOptions,
  parseTargetGroupsFile,
  relabel,
  SCRAPE_ACCEPT,
  ScrapeError,
  type ScrapeErrorCode,
  ScrapeManager,
  type ScrapeManagerOptions,
  type TargetGroup,
  type TargetHealth,
  type TargetsData,
} from './scrape/index.js';

// The HTTP API (docs/api.md)
export {
  ApiError,
  type ApiBuildInfo,
  type ApiDeps,
  type ApiErrorCode,
  type ApiErrorType,
  createApiHandler,
  formatGoFloat,
  parseTime,
  type TargetMetadataEntry,
} from './api/index.js';

// The live stream (docs/format/live-stream.md)
export {
  attachLiveStream,
  type ClientMessage,
  LIVE_PROTOCOL_VERSION,
  type LiveStream,
  type LiveStreamDeps,
  LiveStreamError,
  type ServerMessage,
  type WireFrame,
  type WireValue,
} from './live/index.js';

// Dashboards as data (docs/dashboards.md)
export {
  createDashboardsHandler,
  type DashboardDefinition,
  DashboardError,
  type DashboardFileIssue,
  type DashboardFiles,
  type DashboardIssue,
  DASHBOARDS_PATH,
  type GrafanaDashboard,
  type GrafanaExportOptions,
  type GrafanaPanel,
  type GrafanaPanelOptions,
  loadDashboardFiles,
  PANEL_TYPES,
  PANEL_UNITS,
  type PanelDefinition,
  type PanelQuery,
  type PanelThreshold,
  type PanelType,
  type PanelUnit,
  parseDashboard,
  readDashboardFiles,
  type RowDefinition,
  THRESHOLD_COLORS,
  toGrafanaDashboard,
  toGrafanaPanel,
  toGrafanaPanelDashboard,
} from './dashboards/index.js';
