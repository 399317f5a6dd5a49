// The live stream's wire types (docs/format/live-stream.md). The dashboard imports these with
// `import type`, so this file holds types and constants only. Message types and fields are only ever
// added to; a change that breaks an existing client bumps LIVE_PROTOCOL_VERSION.

/** Sent in `hello`; a client that does not know this version should not go on. */
export const LIVE_PROTOCOL_VERSION = 1;

/** A number, one of the three special values as a string (JSON has no NaN or Infinity), or null where a series has no point. */
export type WireValue = number | 'NaN' | '+Inf' | '-Inf' | null;

/**
 * Columnar points of one subscription over consecutive grid timestamps. Series are numbered per
 * subscription in the order they first appear: `series` lists the ones new in this frame, which get
 * indices `seriesStart`, `seriesStart + 1`, …; `values[r]` holds the points of series `index[r]`.
 */
export interface WireFrame {
  readonly seriesStart: number;
  readonly series: readonly { readonly labels: Readonly<Record<string, string>> }[];
  /** Every step-aligned timestamp (ms) of the frame's window, ascending, with or without points. */
  readonly timestamps: readonly number[];
  /** Stable series index of each row of `values`, ascending; only series with a point in this frame. */
  readonly index: readonly number[];
  /** One row per entry of `index`, each as long as `timestamps`. */
  readonly values: readonly (readonly WireValue[])[];
}

// Client → server

export interface SubscribeMessage {
  readonly type: 'subscribe';
  readonly id: string;
  readonly query: string;
  /** A Prometheus duration ("15m") or seconds; default 15m. */
  readonly range?: string | number;
  /** A Prometheus duration ("15s") or seconds; default the server's interval. */
  readonly step?: string | number;
}

export interface UnsubscribeMessage {
  readonly type: 'unsubscribe';
  readonly id: string;
}

export interface PingMessage {
  readonly type: 'ping';
}

export type ClientMessage = SubscribeMessage | UnsubscribeMessage | PingMessage;

// Server → client

export interface HelloMessage {
  readonly type: 'hello';
  readonly protocol: number;
  readonly intervalMs: number;
  readonly serverTime: number;
  readonly limits: {
    readonly maxSubscriptions: number;
    readonly maxPointsPerSeries: number;
    readonly maxMessageBytes: number;
  };
}

/** The whole window of a subscription; replaces anything the client holds for `id`, series indices restart at 0. */
export interface InitialDataMessage {
  readonly type: 'initial_data';
  readonly id: string;
  readonly query: string;
  readonly rangeMs: number;
  readonly stepMs: number;
  readonly frame: WireFrame;
}

/** The grid points after the previous frame of `id`, up to the newest step-aligned time. */
export interface MetricsUpdateMessage {
  readonly type: 'metrics_update';
  readonly id: string;
  readonly frame: WireFrame;
}

export type ErrorType =
  /** The message itself is malformed: not JSON, unknown type, missing or mistyped field. */
  | 'bad_request'
  /** The query, range or step is invalid (Prometheus's bad_data). */
  | 'bad_data'
  /** The query failed while evaluating (Prometheus's execution). */
  | 'execution'
  | 'timeout'
  | 'canceled'
  /** A subscription with this id is already active; it is left untouched. */
  | 'duplicate_id'
  /** The connection already has the most subscriptions it may hold. */
  | 'limit'
  | 'internal';

/** A refused request. With an `id`, the subscription was not created (except `duplicate_id`). */
export interface ErrorMessage {
  readonly type: 'error';
  readonly id?: string;
  readonly errorType: ErrorType;
  readonly error: string;
}

/** An update of an active subscription failed; it stays active and the next tick retries the same window. */
export interface UpdateErrorMessage {
  readonly type: 'update_error';
  readonly id: string;
  readonly errorType: ErrorType;
  readonly error: string;
}

export interface UnsubscribedMessage {
  readonly type: 'unsubscribed';
  readonly id: string;
}

/** The client reads too slowly: updates are held back ("skipping") until it catches up ("resumed"). */
export interface BackpressureMessage {
  readonly type: 'backpressure';
  readonly state: 'skipping' | 'resumed';
  readonly bufferedBytes: number;
  readonly limitBytes: number;
  /** On "resumed": how many ticks were skipped. */
  readonly skippedTicks?: number;
}

export interface PongMessage {
  readonly type: 'pong';
  readonly serverTime: number;
}

/** Anything passed to `LiveStream.publish()`, e.g. `alert_triggered`. */
export interface EventMessage {
  readonly type: string;
  readonly [field: string]: unknown;
}

export type ServerMessage =
  | HelloMessage
  | InitialDataMessage
  | MetricsUpdateMessage
  | ErrorMessage
  | UpdateErrorMessage
  | UnsubscribedMessage
  | BackpressureMessage
  | PongMessage;

/** Message types the server itself sends; publish() refuses them so events cannot be mistaken for them. */
export const RESERVED_MESSAGE_TYPES: readonly string[] = [
  'hello',
  'initial_data',
  'metrics_update',
  'error',
  'update_error',
  'unsubscribed',
  'backpressure',
  'pong',
  'subscribe',
  'unsubscribe',
  'ping',
];
