/**
 * `@telemeter/kits/transport` — messages, bytes, sizes, reconnections, idle time and
 * (de)serialization time of message transports: WebSocket, Server-Sent Events, stdio (MCP,
 * JSON-RPC, LSP) and anything else through the transport-neutral `transportMetrics()`.
 */
export type { TransportAdapterOptions, TransportInstrumentation } from './adapter.js';
export { byteLength } from './byte-length.js';
export type { Framer, Framing } from './framing.js';
export { ContentLengthFramer, NdjsonFramer, SseFramer } from './framing.js';
export type { TransportFamilies, TransportMetricsFamiliesOptions } from './metrics.js';
export {
  DEFAULT_IDLE_GAP_BUCKETS,
  DEFAULT_MESSAGE_SIZE_BUCKETS,
  DEFAULT_SERIALIZATION_BUCKETS,
} from './metrics.js';
export type { SseResponseLike } from './sse.js';
export { instrumentSse, instrumentSseStream } from './sse.js';
export type { InstrumentStdioOptions } from './stdio.js';
export { instrumentStdio } from './stdio.js';
export type { Direction, TransportMetricsOptions } from './transport-metrics.js';
export { TransportMetrics, transportMetrics } from './transport-metrics.js';
export type { WhatwgWebSocketLike, WsLike } from './websocket.js';
export { instrumentWebSocket } from './websocket.js';
