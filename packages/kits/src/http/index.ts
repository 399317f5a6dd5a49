/**
 * @telemeter/kits/http — HTTP server metrics after OpenTelemetry's semantic conventions:
 * `http_server_request_duration_seconds`, `http_server_active_requests`,
 * `http_server_request_body_size_bytes`, `http_server_response_body_size_bytes`, labelled by
 * method, route template and status class. Adapters for node:http, express, fastify, koa and hono.
 */
export type { ExpressHttpMetricsOptions, ExpressHttpMiddleware } from './express.js';
export { expressHttpMetrics, expressRoute } from './express.js';
export type {
  FastifyHttpMetricsOptions,
  FastifyHttpPlugin,
  FastifyReplyLike,
  FastifyRequestLike,
} from './fastify.js';
export { fastifyHttpMetrics } from './fastify.js';
export type { HonoContextLike, HonoHttpMetricsOptions, HonoHttpMiddleware } from './hono.js';
export { honoHttpMetrics } from './hono.js';
export type { MethodEntry } from './http-server-metrics.js';
export { HttpServerMetrics } from './http-server-metrics.js';
export type { KoaContextLike, KoaHttpMetricsOptions, KoaHttpMiddleware } from './koa.js';
export { koaHttpMetrics } from './koa.js';
export { KNOWN_HTTP_METHODS, OTHER_METHOD } from './method.js';
export type {
  HttpServerInstrumentation,
  InstrumentHttpServerOptions,
  RequestEmitter,
} from './node-http.js';
export { instrumentHttpServer } from './node-http.js';
export type { HttpServerMetricsOptions } from './options.js';
export { DEFAULT_UNMATCHED_ROUTE, HTTP_BODY_SIZE_BUCKETS, HTTP_DURATION_BUCKETS } from './options.js';
export type { RouteMatcher } from './route-matcher.js';
export { createRouteMatcher } from './route-matcher.js';
export type { StatusLabelKind } from './status.js';
export { ABORTED_STATUS, OTHER_STATUS } from './status.js';
