// The live stream: PromQL subscriptions and events over WebSocket (docs/format/live-stream.md).

export { LiveStreamError, type LiveStreamErrorCode } from './errors.js';
export {
  attachLiveStream,
  DEFAULT_KEEPALIVE_MS,
  DEFAULT_MAX_BUFFERED_BYTES,
  type LiveStream,
  type LiveStreamDeps,
  MAX_MESSAGE_BYTES,
} from './live-stream.js';
export {
  type BackpressureMessage,
  type ClientMessage,
  type ErrorMessage,
  type ErrorType,
  type EventMessage,
  type HelloMessage,
  type InitialDataMessage,
  LIVE_PROTOCOL_VERSION,
  type MetricsUpdateMessage,
  type PingMessage,
  type PongMessage,
  type ServerMessage,
  type SubscribeMessage,
  type UnsubscribedMessage,
  type UnsubscribeMessage,
  type UpdateErrorMessage,
  type WireFrame,
  type WireValue,
} from './protocol.js';
export { MAX_POINTS_PER_SERIES } from './subscription.js';
