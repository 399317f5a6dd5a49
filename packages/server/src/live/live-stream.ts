// The live stream: WebSocket connections on one path of the HTTP server, PromQL subscriptions
// re-evaluated every interval, and events broadcast to every connection (docs/format/live-stream.md).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Engine } from '@telemeter/promql';
import type { DB } from '@telemeter/storage';
import { WebSocket, WebSocketServer } from 'ws';
import type { ServerLogger } from '../http/types.js';
import { type ConnectionContext, LiveConnection } from './connection.js';
import { LiveStreamError } from './errors.js';
import { LIVE_PROTOCOL_VERSION, RESERVED_MESSAGE_TYPES } from './protocol.js';
import { SharedEvaluations } from './shared-evaluations.js';
import { MAX_POINTS_PER_SERIES } from './subscription.js';
import { originAllowed, type Rejection, rejectUpgrade, requestPath } from './upgrade.js';

/** Largest client message: a subscribe with a long query fits many times over. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** How long a connection may go without answering a ping (default): the usual idle timeout of proxies is 60 s. */
export const DEFAULT_KEEPALIVE_MS = 30_000;
/** Unsent bytes beyond which a connection's updates are skipped (default): a few large frames. */
export const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** How long close() waits for clients to answer the close frame before dropping them. */
const CLOSE_GRACE_MS = 1000;

export interface LiveStreamDeps {
  /** The URL path upgrades are accepted on, e.g. `/api/v1/stream`. */
  readonly path: string;
  readonly db: DB;
  readonly engine: Engine;
  /** How often subscriptions are re-evaluated (config `live.interval`). */
  readonly intervalMs: number;
  readonly maxConnections: number;
  readonly maxSubscriptionsPerConnection: number;
  /** False rejects the upgrade with 401. */
  authorize(req: IncomingMessage): boolean;
  /**
   * Browser origins let in besides this server's own; "*" lets in any. Clients without Origin are
   * always let in. A function is asked at every handshake (so a config reload applies at once).
   */
  readonly allowedOrigins: readonly string[] | (() => readonly string[]);
  readonly logger: ServerLogger;
  readonly now?: () => number;
  /** Pings every this often; a connection that has not answered the previous ping is dropped. */
  readonly keepaliveMs?: number;
  /** Unsent bytes per connection beyond which its updates are skipped until it catches up. */
  readonly maxBufferedBytes?: number;
}

export interface LiveStream {
  /** Sends an event (e.g. `{ type: 'alert_triggered', … }`) to every connection. */
  publish(event: { readonly type: string; readonly [field: string]: unknown }): void;
  /** Open connections. */
  connections(): number;
  /** Closes every connection (code 1001), stops the timers and waits for running evaluations. */
  close(): Promise<void>;
}

/** Serves the live stream on `deps.path` of `server`; other upgrade paths are answered 404. */
export function attachLiveStream(server: Server, deps: LiveStreamDeps): LiveStream {
  validate(deps);
  const now = deps.now ?? Date.now;
  const logger = deps.logger;
  const connections = new Set<LiveConnection>();
  const running = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>): void => {
    running.add(work);
    const done = (): void => {
      running.delete(work);
    };
    work.then(done, done);
  };
  const context: ConnectionContext = {
    db: deps.db,
    engine: deps.engine,
    intervalMs: deps.intervalMs,
    maxSubscriptions: deps.maxSubscriptionsPerConnection,
    maxBufferedBytes: deps.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
    logger,
    now,
    initialEvaluations: new SharedEvaluations(deps.engine, deps.db, false),
    track,
  };
  const wss = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: MAX_MESSAGE_BYTES });
  const configuredOrigins = deps.allowedOrigins;
  const allowedOrigins = (): readonly string[] =>
    typeof configuredOrigins === 'function' ? configuredOrigins() : configuredOrigins;
  let closing: Promise<void> | undefined;

  const refusal = (req: IncomingMessage): Rejection | undefined => {
    if (closing !== undefined) return { status: 503, message: 'the server is shutting down' };
    if (requestPath(req) !== deps.path) {
      return {
        status: 404,
        message: `no WebSocket endpoint at this path; the live stream is at ${deps.path}`,
      };
    }
    if (!originAllowed(req, allowedOrigins())) {
      return {
        status: 403,
        message: `origin ${JSON.stringify(req.headers.origin)} is not allowed; add it to the server's allowed origins`,
      };
    }
    let authorized: boolean;
    try {
      authorized = deps.authorize(req);
    } catch (err) {
      logger.error(`live stream: authorize() threw: ${(err as Error).message}`);
      return { status: 500, message: 'authorization failed' };
    }
    if (!authorized) return { status: 401, message: 'unauthorized: send "Authorization: Bearer <token>"' };
    if (connections.size >= deps.maxConnections) {
      return {
        status: 503,
        message: `too many live connections (max ${deps.maxConnections}); try again later`,
      };
    }
    return undefined;
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const rejection = refusal(req);
    const remote = req.socket.remoteAddress ?? 'unknown';
    if (rejection !== undefined) {
      if (rejection.status !== 404)
        logger.info(`live stream: refused ${remote}: ${rejection.status} ${rejection.message}`);
      rejectUpgrade(socket, rejection);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new LiveConnection(ws, remote, context);
      connections.add(connection);
      ws.on('error', (err) => logger.info(`live stream: connection from ${remote}: ${err.message}`));
      ws.on('close', () => connections.delete(connection));
      connection.send({
        type: 'hello',
        protocol: LIVE_PROTOCOL_VERSION,
        intervalMs: deps.intervalMs,
        serverTime: now(),
        limits: {
          maxSubscriptions: deps.maxSubscriptionsPerConnection,
          maxPointsPerSeries: MAX_POINTS_PER_SERIES,
          maxMessageBytes: MAX_MESSAGE_BYTES,
        },
      });
    });
  };
  server.on('upgrade', onUpgrade);

  // Ticks never overlap: one that would start while the previous is still evaluating is skipped,
  // and the next one covers both intervals (each frame runs from the previous frame's end).
  let ticking = false;
  const tick = async (): Promise<void> => {
    ticking = true;
    try {
      const evaluations = new SharedEvaluations(deps.engine, deps.db, true);
      const nowMs = now();
      const work: Promise<void>[] = [];
      for (const connection of connections) connection.tick(nowMs, evaluations, work);
      await Promise.allSettled(work);
    } finally {
      ticking = false;
    }
  };
  const tickTimer = setInterval(() => {
    if (!ticking && closing === undefined) track(tick());
  }, deps.intervalMs);
  tickTimer.unref();

  const keepaliveTimer = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        logger.info(`live stream: dropping ${connection.remoteAddress}: no answer to ping`);
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      if (connection.socket.readyState === WebSocket.OPEN) connection.socket.ping();
    }
  }, deps.keepaliveMs ?? DEFAULT_KEEPALIVE_MS);
  keepaliveTimer.unref();

  return {
    publish(event) {
      const text = serializeEvent(event);
      for (const connection of connections) connection.send(text);
    },
    connections: () => connections.size,
    close() {
      closing ??= (async () => {
        server.off('upgrade', onUpgrade);
        clearInterval(tickTimer);
        clearInterval(keepaliveTimer);
        await closeAll(connections);
        await Promise.allSettled([...running]);
        wss.close();
      })();
      return closing;
    },
  };
}

/** Sends each client a close frame (1001 going away), then drops those that do not answer in time. */
async function closeAll(connections: Set<LiveConnection>): Promise<void> {
  const sockets = [...connections].map((c) => c.socket);
  const closed = sockets.map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())));
  for (const ws of sockets) ws.close(1001, 'server shutting down');
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_GRACE_MS);
  });
  await Promise.race([Promise.all(closed), grace]);
  clearTimeout(timer);
  for (const ws of sockets) ws.terminate();
  await Promise.all(closed);
}

function serializeEvent(event: { readonly type: string }): string {
  if (typeof event !== 'object' || event === null || typeof event.type !== 'string' || event.type === '') {
    throw new LiveStreamError(
      'TM_LIVE_INVALID_EVENT',
      'publish() needs an object with a non-empty string "type"',
    );
  }
  if (RESERVED_MESSAGE_TYPES.includes(event.type)) {
    throw new LiveStreamError(
      'TM_LIVE_INVALID_EVENT',
      `publish(): event type ${JSON.stringify(event.type)} is a message type of the protocol itself; choose another, e.g. "alert_triggered"`,
    );
  }
  try {
    return JSON.stringify(event);
  } catch (err) {
    throw new LiveStreamError(
      'TM_LIVE_INVALID_EVENT',
      `publish(): event ${JSON.stringify(event.type)} cannot be written as JSON: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

function validate(deps: LiveStreamDeps): void {
  const invalid = (message: string): LiveStreamError =>
    new LiveStreamError('TM_LIVE_INVALID_OPTION', message);
  if (typeof deps.path !== 'string' || !deps.path.startsWith('/')) {
    throw invalid(`attachLiveStream: path must start with "/", got ${JSON.stringify(deps.path)}`);
  }
  const positive: [string, number | undefined, boolean][] = [
    ['intervalMs', deps.intervalMs, true],
    ['maxConnections', deps.maxConnections, true],
    ['maxSubscriptionsPerConnection', deps.maxSubscriptionsPerConnection, true],
    ['keepaliveMs', deps.keepaliveMs, false],
    ['maxBufferedBytes', deps.maxBufferedBytes, false],
  ];
  for (const [name, value, required] of positive) {
    if (value === undefined && !required) continue;
    if (!Number.isSafeInteger(value) || (value as number) <= 0) {
      throw invalid(`attachLiveStream: ${name} must be a positive integer, got ${String(value)}`);
    }
  }
  if (typeof deps.authorize !== 'function') throw invalid('attachLiveStream: authorize must be a function');
  const origins = deps.allowedOrigins;
  if (
    typeof origins !== 'function' &&
    (!Array.isArray(origins) || origins.some((o) => typeof o !== 'string'))
  ) {
    throw invalid('attachLiveStream: allowedOrigins must be an array of strings or a function returning one');
  }
}
