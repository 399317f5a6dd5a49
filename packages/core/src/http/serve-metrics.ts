import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getConfig } from '../config.js';
import { InvalidConfigError, ServerListenError } from '../errors.js';
import { defaultRegistry, Registry } from '../registry.js';
import { collectRuntimeMetrics, type RuntimeMetricsCollector } from '../runtime/collect-runtime-metrics.js';
import { emitTelemeterWarning } from '../warnings.js';
import { createMetricsHandler } from './metrics-handler.js';
import { type MetricsHandlerOptions, type MetricsSource, resolveHandlerOptions } from './options.js';
import { errorMessage } from './readiness.js';

/** The OpenTelemetry Prometheus exporter's port, registered in Prometheus's default-port list. */
export const DEFAULT_METRICS_PORT = 9464;
/** Loopback only: exposing metrics on every interface is an explicit choice (`host: '0.0.0.0'`). */
export const DEFAULT_METRICS_HOST = '127.0.0.1';

export interface ServeMetricsOptions extends MetricsHandlerOptions {
  /** Default `TELEMETER_METRICS_PORT`, else 9464; `0` picks a free port (read it back from `url`). */
  port?: number;
  /** Default `TELEMETER_METRICS_HOST`, else `127.0.0.1`. Use `0.0.0.0` / `::` to listen on all interfaces. */
  host?: string;
  /** Default `defaultRegistry`. */
  registry?: MetricsSource;
  /**
   * Start `collectRuntimeMetrics()` on the registry for as long as the server runs (stopped by
   * `close()`). Default `TELEMETER_RUNTIME_METRICS`, else false. Needs `registry` to be a Registry.
   */
  runtimeMetrics?: boolean;
}

export interface MetricsServer {
  readonly server: Server;
  /** The metrics URL, e.g. `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  /** Stops accepting connections and resolves once in-flight requests are done. Idempotent. */
  close(): Promise<void>;
}

function urlHost(address: AddressInfo): string {
  // A wildcard address is not something to put in a URL; the loopback reaches it.
  if (address.address === '0.0.0.0') return '127.0.0.1';
  if (address.address === '::') return '[::1]';
  return address.family === 'IPv6' || address.address.includes(':')
    ? `[${address.address}]`
    : address.address;
}

/**
 * Starts a standalone metrics server (`/metrics`, `/health`, `/ready`, and `POST /metrics/reset`
 * when `reset: { token }` is given) on its own port, on the loopback interface unless told otherwise.
 *
 * ```ts
 * const { url, close } = await serveMetrics({ port: 9464, registry });
 * ```
 */
export async function serveMetrics(options: ServeMetricsOptions = {}): Promise<MetricsServer> {
  const config = getConfig();
  const {
    port = config.metricsPort ?? DEFAULT_METRICS_PORT,
    host = config.metricsHost ?? DEFAULT_METRICS_HOST,
    registry = defaultRegistry,
  } = options;
  let runtimeMetrics = options.runtimeMetrics ?? config.runtimeMetrics ?? false;
  if (runtimeMetrics && !(registry instanceof Registry)) {
    const why =
      'runtime metrics need `registry` to be a Registry (they are registered into it); start collectRuntimeMetrics() on the right registry yourself instead';
    if (options.runtimeMetrics !== undefined)
      throw new InvalidConfigError('runtimeMetrics', `runtimeMetrics: ${why}.`);
    // From the environment: a deployment-wide switch must not break a server that works without it.
    emitTelemeterWarning(
      'runtime_metrics_skipped',
      `TELEMETER_RUNTIME_METRICS is ignored by this serveMetrics() call: ${why}.`,
    );
    runtimeMetrics = false;
  }
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidConfigError(
      'port',
      `port must be an integer from 0 to 65535 (got ${String(port)}); use 0 to pick a free port.`,
    );
  }
  if (typeof host !== 'string' || host.trim() === '') {
    throw new InvalidConfigError(
      'host',
      `host must be a non-empty string such as "127.0.0.1" (got ${String(host)}).`,
    );
  }
  const handlerOptions = resolveHandlerOptions({ ...options, path: options.path ?? config.metricsPath });
  const handler = createMetricsHandler(registry, handlerOptions);
  const server = createServer((req, res) => handler(req, res));
  // Started before listening so that a name clash throws before anything listens.
  const runtime: RuntimeMetricsCollector | undefined =
    runtimeMetrics && registry instanceof Registry ? collectRuntimeMetrics({ registry }) : undefined;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      runtime?.stop();
      const hint =
        error.code === 'EADDRINUSE'
          ? ' Choose another port (port: 0 picks a free one) or stop the process using it.'
          : error.code === 'EACCES'
            ? ' Ports below 1024 need privileges; choose a port above 1024.'
            : '';
      reject(
        new ServerListenError(
          host,
          port,
          `Cannot serve metrics on ${host}:${port}: ${errorMessage(error)}.${hint}`,
          {
            cause: error,
          },
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  // Once listening, a server error (e.g. EMFILE on accept) must not crash the application.
  server.on('error', (error) => {
    emitTelemeterWarning('metrics_server', `metrics server: ${errorMessage(error)}`);
  });

  const address = server.address() as AddressInfo;
  const url = `http://${urlHost(address)}:${address.port}${handlerOptions.path}`;
  let closing: Promise<void> | undefined;
  return {
    server,
    url,
    close() {
      runtime?.stop();
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error?: NodeJS.ErrnoException) => {
          // Closed already (by the caller, through `server.close()`): that is the state we want.
          if (error && error.code !== 'ERR_SERVER_NOT_RUNNING') reject(error);
          else resolve();
        });
        // Keep-alive connections with no request in flight would otherwise hold close() open.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
