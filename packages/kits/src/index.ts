/**
 * @telemeter/kits — ready-made instrumentation over @telemeter/core. Each kit is also its own
 * subpath (`@telemeter/kits/cache`, `@telemeter/kits/http`, ...), so an application loads only
 * what it uses.
 */

// --- operations ---
export type {
  FailureOutcome,
  OperationDecorator,
  OperationLatencyStats,
  OperationMetricNames,
  OperationMetrics,
  OperationOutcome,
  OperationRunOptions,
  OperationStats,
  OperationTrackerOptions,
} from './operations/index.js';
export {
  classifyFailure,
  createOperationTracker,
  DEFAULT_MAX_ERROR_TYPES,
  DEFAULT_MAX_OPERATIONS,
  DEFAULT_OPERATION_BUCKETS,
  errorTypeOf,
  InvalidOperationError,
  OPERATION_OUTCOMES,
  OPERATION_QUANTILES,
  OperationHandle,
  OperationTracker,
  OTHER_ERROR_TYPE,
  operationMetricNames,
} from './operations/index.js';

// --- cache ---
export type {
  CacheEvictionReason,
  CacheKey,
  CacheMetricsOptions,
  CacheReaders,
  CacheRejectionReason,
  CacheValue,
  CacheWrapOptions,
  InstrumentCacheOptions,
  LruCacheAdapter,
  LruCacheAdapterOptions,
  LruCacheLike,
  LruDisposeReason,
  MapLikeCache,
  TtlCacheAdapter,
  TtlCacheAdapterOptions,
  TtlCacheLike,
  TtlDisposeReason,
} from './cache/index.js';
export {
  CacheMetrics,
  cacheMetrics,
  cacheMetricsOf,
  DEFAULT_HIT_RATIO_WINDOW_SECONDS,
  instrumentCache,
  instrumentLruCache,
  instrumentTtlCache,
  lruCacheMetrics,
  ttlCacheMetrics,
} from './cache/index.js';

// --- concurrency ---
export type {
  ConcurrencyKitOptions,
  InstrumentAcquireOptions,
  LimitFunctionLike,
  SemaphoreAcquireMode,
  SemaphoreAcquireOptions,
  SemaphoreOptions,
  SemaphoreRelease,
  WrapLimiterOptions,
} from './concurrency/index.js';
export {
  DEFAULT_SEMAPHORE_HOLD_BUCKETS,
  DEFAULT_SEMAPHORE_WAIT_BUCKETS,
  InstrumentedSemaphore,
  instrumentAcquire,
  SemaphoreQueueFullError,
  uninstrumentLimiter,
  unregisterConcurrencyMetrics,
  wrapLimiter,
} from './concurrency/index.js';

// --- fs ---
export type { FsKitOptions } from './fs/index.js';
export {
  DEFAULT_FS_DURATION_BUCKETS,
  instrumentFs,
  instrumentReadStream,
  instrumentWriteStream,
  unregisterFsMetrics,
} from './fs/index.js';

// --- http (server) ---
export type {
  ExpressHttpMetricsOptions,
  ExpressHttpMiddleware,
  FastifyHttpMetricsOptions,
  FastifyHttpPlugin,
  HonoHttpMetricsOptions,
  HonoHttpMiddleware,
  HttpServerInstrumentation,
  HttpServerMetricsOptions,
  InstrumentHttpServerOptions,
  KoaHttpMetricsOptions,
  KoaHttpMiddleware,
} from './http/index.js';
export {
  createRouteMatcher,
  expressHttpMetrics,
  fastifyHttpMetrics,
  honoHttpMetrics,
  HttpServerMetrics,
  instrumentHttpServer,
  koaHttpMetrics,
} from './http/index.js';

// --- http-client ---
export type {
  FailurePhase,
  HttpClientFilter,
  HttpClientInstrumentation,
  HttpClientMetrics,
  HttpClientMetricsOptions,
  HttpClientRequestInfo,
  InstrumentHttpClientOptions,
  RequestOutcome,
} from './http-client/index.js';
export {
  DEFAULT_HTTP_CLIENT_CONNECT_BUCKETS,
  DEFAULT_HTTP_CLIENT_DURATION_BUCKETS,
  httpClientMetrics,
  instrumentHttpClient,
} from './http-client/index.js';

// --- transport ---
export type {
  Direction,
  Framing,
  InstrumentStdioOptions,
  SseResponseLike,
  TransportAdapterOptions,
  TransportFamilies,
  TransportInstrumentation,
  TransportMetricsFamiliesOptions,
  TransportMetricsOptions,
  WhatwgWebSocketLike,
  WsLike,
} from './transport/index.js';
export {
  DEFAULT_IDLE_GAP_BUCKETS,
  DEFAULT_MESSAGE_SIZE_BUCKETS,
  DEFAULT_SERIALIZATION_BUCKETS,
  instrumentSse,
  instrumentSseStream,
  instrumentStdio,
  instrumentWebSocket,
  TransportMetrics,
  transportMetrics,
} from './transport/index.js';

// --- process ---
export type {
  ChildProcessExit,
  ProcessKitOptions,
  ProcessManagerOptions,
  ProcessShutdownResult,
  ProcessStopOptions,
  ProcessStopResult,
  RestartBackoffOptions,
  SuperviseOptions,
  SupervisorResult,
} from './process/index.js';
export {
  createProcessManager,
  DEFAULT_PROCESS_LIFETIME_BUCKETS,
  DEFAULT_PROCESS_SHUTDOWN_BUCKETS,
  DEFAULT_PROCESS_SPAWN_BUCKETS,
  ProcessManager,
  Supervisor,
  unregisterProcessMetrics,
} from './process/index.js';

// --- pool ---
export type {
  GenericPoolLike,
  GenericPoolMetricsOptions,
  InstrumentPoolOptions,
  PoolAcquireFailure,
  PoolAcquireResult,
  PoolDestroyReason,
  PoolKind,
  PoolMetricsOptions,
  PoolReaders,
} from './pool/index.js';
export {
  DEFAULT_POOL_USE_BUCKETS,
  DEFAULT_POOL_WAIT_BUCKETS,
  instrumentGenericPool,
  instrumentPool,
  PoolMetrics,
  poolMetrics,
} from './pool/index.js';

// --- system ---
export type {
  CpuLine,
  CpuTimes,
  DiskStats,
  LoadAverage,
  Meminfo,
  MountEntry,
  NameFilterOption,
  NamePattern,
  NetDevStats,
  ProcStat,
  SystemMetricGroup,
  SystemMetricSource,
  SystemMetricsCollector,
  SystemMetricsOptions,
} from './system/index.js';
export {
  collectSystemMetrics,
  DEFAULT_EXCLUDED_DEVICES,
  DEFAULT_EXCLUDED_FS_TYPES,
  DEFAULT_EXCLUDED_INTERFACES,
  DEFAULT_EXCLUDED_MOUNTPOINTS,
  DEFAULT_MEMORY_FIELDS,
  parseDiskstats,
  parseLoadavg,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseProcStat,
  SYSTEM_METRIC_GROUPS,
  SYSTEM_WARNING_CODES,
  SystemMetricsReadError,
} from './system/index.js';
