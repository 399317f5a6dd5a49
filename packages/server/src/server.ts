import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectRuntimeMetrics, negotiate, Registry, type RuntimeMetricsCollector } from '@telemeter/core';
import { staticDir } from '@telemeter/dashboard';
import { collectSystemMetrics, instrumentHttpServer, type SystemMetricsCollector } from '@telemeter/kits';
import { Engine } from '@telemeter/promql';
import { DB } from '@telemeter/storage';
import { createApiHandler } from './api/index.js';
import { loadConfig, redactConfig, type TelemeterServerConfig } from './config/index.js';
import { readBuiltinDashboards } from './dashboards/builtin-dashboards.js';
import type { DashboardDefinition } from './dashboards/index.js';
import { createDashboardsHandler } from './dashboards/index.js';
import { ServerError } from './errors.js';
import { isLoopbackHost } from './http/auth.js';
import { createRequestListener } from './http/request-listener.js';
import { createStaticHandler } from './http/static-files.js';
import {
  type ApiRequest,
  type ApiResponse,
  jsonResponse,
  type RouteHandler,
  type ServerLogger,
} from './http/types.js';
import {
  createIngestMetrics,
  handleJsonImport,
  handleRemoteWrite,
  handleTextImport,
  type IngestContext,
} from './ingest/index.js';
import { attachLiveStream, type LiveStream } from './live/index.js';
import { ScrapeManager } from './scrape/index.js';
import { isProtectedRoute, SERVER_ROUTES } from './server-routes.js';
import { StorageMetrics } from './storage-metrics.js';
import { BUILD_INFO } from './version.js';

export interface StartServerOptions {
  readonly config: TelemeterServerConfig;
  /** The file `config` came from; `reload()` without an argument reads it again. */
  readonly configFile?: string;
  readonly logger?: ServerLogger;
}

export interface ReloadResult {
  readonly applied: boolean;
  /** Settings that changed in the file but only take effect after a restart. */
  readonly needsRestart: readonly string[];
}

export interface RunningServer {
  /** `http://host:port`, with the port the OS picked when the config said 0. */
  readonly url: string;
  readonly config: TelemeterServerConfig;
  readonly db: DB;
  readonly engine: Engine;
  readonly scrapeManager: ScrapeManager;
  readonly registry: Registry;
  readonly live: LiveStream;
  reload(config?: TelemeterServerConfig): Promise<ReloadResult>;
  close(): Promise<void>;
}

export const consoleLogger: ServerLogger = {
  info: (message) => process.stderr.write(`telemeter: ${message}\n`),
  warn: (message) => process.stderr.write(`telemeter: warning: ${message}\n`),
  error: (message) => process.stderr.write(`telemeter: error: ${message}\n`),
};

/**
 * Opens the store, starts collection and serves the API, ingestion, the live stream and the
 * server's own metrics. Resolves once the socket is listening.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? consoleLogger;
  let config = options.config;
  checkListenIsSafe(config);

  const db = DB.open(config.storage.path, {
    retentionMs: config.storage.retentionMs,
    retentionBytes: config.storage.retentionBytes ?? 0,
    fsync: config.storage.fsync,
    outOfOrderWindowMs: config.storage.outOfOrderWindowMs,
    logger: { warn: (m) => logger.warn(`storage: ${m}`), info: (m) => logger.info(`storage: ${m}`) },
  });
  const engine = new Engine({
    lookbackDeltaMs: config.query.lookbackDeltaMs,
    maxSamples: config.query.maxSamples,
    timeoutMs: config.query.timeoutMs,
  });

  const registry = new Registry();
  const runtime: RuntimeMetricsCollector = collectRuntimeMetrics({ registry });
  let system: SystemMetricsCollector | undefined;
  if (config.selfMonitoring.system) system = collectSystemMetrics({ registry });
  const storageMetrics = new StorageMetrics(registry, db);
  const ingestMetrics = createIngestMetrics(registry);

  // External labels are for data leaving the server (as in Prometheus), not for the local store.
  const scrapeManager = new ScrapeManager({ db, registry, logger });

  const startTime = new Date();
  let lastReload = { lastConfigTime: startTime, reloadConfigSuccess: true };
  let ready = false;
  const shutdown = new AbortController();

  const ingestContext = (): IngestContext => ({
    db,
    metrics: ingestMetrics,
    limits: {
      maxDecompressedBytes: config.ingestion.maxDecompressedBytes,
      maxSeriesPerRequest: config.ingestion.maxSeriesPerRequest,
      maxSamplesPerRequest: config.ingestion.maxSamplesPerRequest,
    },
  });

  const renderOwnMetrics = async (
    accept: string | undefined,
  ): Promise<{ body: string; contentType: string }> => {
    storageMetrics.refresh();
    const negotiated = negotiate(accept);
    return { body: await registry.metrics(negotiated.format), contentType: negotiated.contentType };
  };

  const api = createApiHandler({
    db,
    engine,
    targets: (state) => scrapeManager.targets(state),
    targetMetadata: () => scrapeManager.targetMetadata(),
    config: () => redactConfig(config),
    flags: () => flagsOf(config, options.configFile),
    buildInfo: BUILD_INFO,
    startTime,
    reloadInfo: () => lastReload,
    limits: { maxPointsPerSeries: config.query.maxPointsPerSeries, defaultTimeoutMs: config.query.timeoutMs },
  });

  const reload = async (next?: TelemeterServerConfig): Promise<ReloadResult> => {
    try {
      const fresh =
        next ?? (options.configFile !== undefined ? await loadConfig(options.configFile) : config);
      const needsRestart = restartOnlyChanges(config, fresh);
      checkListenIsSafe({ ...fresh, listen: config.listen });
      await scrapeManager.applyConfig(fresh.scrapeConfigs, fresh.global);
      config = { ...fresh, listen: config.listen, storage: config.storage };
      lastReload = { lastConfigTime: new Date(), reloadConfigSuccess: true };
      if (needsRestart.length > 0)
        logger.warn(`reload: ${needsRestart.join(', ')} changed; restart to apply`);
      logger.info('configuration reloaded');
      return { applied: true, needsRestart };
    } catch (error) {
      lastReload = { lastConfigTime: lastReload.lastConfigTime, reloadConfigSuccess: false };
      throw error;
    }
  };

  const builtinDashboards = builtinDashboardsOrNone(logger);

  const handlers: RouteHandler[] = [
    (req) => healthRoutes(req, () => ready),
    async (req) => {
      if (req.path !== '/metrics') return undefined;
      if (req.method !== 'GET') return methodNotAllowed('GET');
      const { body, contentType } = await renderOwnMetrics(headerOf(req, 'accept'));
      return { status: 200, headers: { 'content-type': contentType }, body };
    },
    async (req) => {
      if (req.path === '/-/reload') {
        if (req.method !== 'POST' && req.method !== 'PUT') return methodNotAllowed('POST, PUT');
        try {
          const result = await reload();
          return jsonResponse(200, { status: 'success', data: result });
        } catch (error) {
          return jsonResponse(500, {
            status: 'error',
            errorType: 'internal',
            error: `reload failed: ${messageOf(error)}`,
          });
        }
      }
      if (req.path === '/api/v1/admin/reset') {
        if (req.method !== 'POST') return methodNotAllowed('POST');
        const count = registry.getAll().length;
        registry.resetAll();
        return jsonResponse(200, { status: 'success', data: { reset: count } });
      }
      return undefined;
    },
    (req) => ingestRoute(req, config, ingestContext),
    createDashboardsHandler(
      () => config.dashboards.definitions,
      () => [...config.dashboards.definitions, ...builtinDashboards],
    ),
    api,
    // The dashboard when it is built (`npm run build`), else a page of links.
    createStaticHandler(staticDir) ??
      ((req) => (req.path === '/' && req.method === 'GET' ? indexPage() : undefined)),
  ];

  const server: Server = createServer({ keepAliveTimeout: 65_000 });
  instrumentHttpServer(server, {
    registry,
    routes: SERVER_ROUTES,
    route: (req) => (req.url === '/metrics' ? null : undefined),
  });
  server.on(
    'request',
    createRequestListener({
      handlers,
      isProtected: isProtectedRoute,
      token: () => config.auth.token,
      allowedOrigins: () => config.cors.allowedOrigins,
      maxBodyBytes: () => config.ingestion.maxBodyBytes,
      logger,
      shutdownSignal: shutdown.signal,
    }),
  );
  const live = attachLiveStream(server, {
    path: '/api/v1/stream',
    db,
    engine,
    intervalMs: config.live.intervalMs,
    maxConnections: config.live.maxConnections,
    maxSubscriptionsPerConnection: config.live.maxSubscriptionsPerConnection,
    allowedOrigins: () => config.cors.allowedOrigins,
    authorize: () => true,
    logger,
  });

  try {
    await listen(server, config.listen.host, config.listen.port);
  } catch (error) {
    await live.close();
    runtime.stop();
    system?.stop();
    await db.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  if (config.selfMonitoring.enabled) {
    scrapeManager.addInternalTarget({
      job: 'telemeter',
      instance: `${host}:${address.port}`,
      intervalMs: config.selfMonitoring.intervalMs,
      collect: () => renderOwnMetrics('application/openmetrics-text; version=1.0.0'),
    });
  }
  await scrapeManager.applyConfig(config.scrapeConfigs, config.global);
  ready = true;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      ready = false;
      shutdown.abort();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await live.close();
      await scrapeManager.stop();
      const grace = setTimeout(() => server.closeAllConnections(), 5_000);
      grace.unref();
      await stopped;
      clearTimeout(grace);
      runtime.stop();
      system?.stop();
      await db.close();
    })();
    return closing;
  };

  return {
    url,
    get config() {
      return config;
    },
    db,
    engine,
    scrapeManager,
    registry,
    live,
    reload,
    close,
  };
}

function checkListenIsSafe(config: TelemeterServerConfig): void {
  if (isLoopbackHost(config.listen.host) || config.auth.token !== undefined) return;
  throw new ServerError(
    'TM_SERVER_UNSAFE_LISTEN',
    `listen: ${config.listen.host} is reachable from other machines, and the server accepts writes; ` +
      'set auth.token (or auth.token_file) so writes and admin calls need "Authorization: Bearer <token>", ' +
      'or listen on 127.0.0.1',
  );
}

/** The built-in views for export; a broken file (a packaging fault) only costs their export. */
function builtinDashboardsOrNone(logger: ServerLogger): DashboardDefinition[] {
  try {
    return readBuiltinDashboards(staticDir);
  } catch (error) {
    logger.warn(`built-in dashboards cannot be exported: ${messageOf(error)}`);
    return [];
  }
}

function restartOnlyChanges(current: TelemeterServerConfig, next: TelemeterServerConfig): string[] {
  const changed: string[] = [];
  if (current.listen.host !== next.listen.host || current.listen.port !== next.listen.port)
    changed.push('listen');
  if (JSON.stringify(current.storage) !== JSON.stringify(next.storage)) changed.push('storage');
  if (JSON.stringify(current.live) !== JSON.stringify(next.live)) changed.push('live');
  if (JSON.stringify(current.selfMonitoring) !== JSON.stringify(next.selfMonitoring))
    changed.push('self_monitoring');
  return changed;
}

function healthRoutes(req: ApiRequest, isReady: () => boolean): ApiResponse | undefined {
  switch (req.path) {
    case '/-/healthy':
      return { status: 200, headers: plainText, body: 'telemeter is Healthy.\n' };
    case '/health':
      return jsonResponse(200, { status: 'ok' });
    case '/-/ready':
      return isReady()
        ? { status: 200, headers: plainText, body: 'telemeter is Ready.\n' }
        : { status: 503, headers: plainText, body: 'Service Unavailable\n' };
    case '/ready':
      return isReady() ? jsonResponse(200, { status: 'ready' }) : jsonResponse(503, { status: 'not ready' });
    default:
      return undefined;
  }
}

async function ingestRoute(
  req: ApiRequest,
  config: TelemeterServerConfig,
  context: () => IngestContext,
): Promise<ApiResponse | undefined> {
  const route =
    req.path === '/api/v1/write'
      ? { enabled: config.ingestion.remoteWrite, key: 'remote_write', handle: handleRemoteWrite }
      : req.path === '/api/v1/import/prometheus'
        ? { enabled: config.ingestion.textImport, key: 'text_import', handle: handleTextImport }
        : req.path === '/api/v1/import'
          ? { enabled: config.ingestion.jsonImport, key: 'json_import', handle: handleJsonImport }
          : undefined;
  if (route === undefined) return undefined;
  if (req.method !== 'POST' && req.method !== 'PUT') return methodNotAllowed('POST, PUT');
  if (!route.enabled) {
    return jsonResponse(404, {
      status: 'error',
      errorType: 'not_found',
      error: `${req.path} is disabled (ingestion.${route.key}: false)`,
    });
  }
  return route.handle(req, context());
}

function indexPage(): ApiResponse {
  const links = [
    '/metrics',
    '/api/v1/targets',
    '/api/v1/status/tsdb',
    '/api/v1/query?query=up',
    '/-/healthy',
    '/-/ready',
  ];
  const items = links.map((href) => `<li><a href="${href}">${href}</a></li>`).join('');
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><title>telemeter</title><h1>telemeter ${BUILD_INFO.version}</h1><ul>${items}</ul>`,
  };
}

function flagsOf(config: TelemeterServerConfig, configFile: string | undefined): Record<string, string> {
  return {
    'config.file': configFile ?? '',
    'web.listen-address': `${config.listen.host}:${config.listen.port}`,
    'storage.tsdb.path': config.storage.path,
    'storage.tsdb.retention.time': `${config.storage.retentionMs / 1000}s`,
    'query.lookback-delta': `${config.query.lookbackDeltaMs / 1000}s`,
    'query.timeout': `${config.query.timeoutMs / 1000}s`,
    'query.max-samples': String(config.query.maxSamples),
  };
}

function headerOf(req: ApiRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function methodNotAllowed(allow: string): ApiResponse {
  return { status: 405, headers: { ...plainText, allow }, body: `method not allowed; use ${allow}\n` };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const plainText = { 'content-type': 'text/plain; charset=utf-8' };

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new ServerError(
          'TM_SERVER_LISTEN_FAILED',
          `cannot listen on ${host}:${port}: ${error.code === 'EADDRINUSE' ? 'address already in use' : error.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
