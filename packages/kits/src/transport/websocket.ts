/**
 * WebSocket adapters: the `ws` package's EventEmitter API ('message' with `(data, isBinary)`) and
 * the WHATWG shape (`addEventListener('message', ev => ev.data)`: Node 22's global WebSocket,
 * undici's, browsers'). Received messages come from a 'message' listener (which changes nothing
 * for either API); sent ones from a wrapper around the instance's `send` that calls the original
 * with the same `this` and arguments and returns what it returns. Bytes are payload bytes: frame
 * headers and permessage-deflate savings are not visible at this level.
 */
import {
  adapterMetrics,
  instrumentation,
  type TransportAdapterOptions,
  type TransportInstrumentation,
} from './adapter.js';
import { byteLength } from './byte-length.js';
import type { TransportMetrics } from './transport-metrics.js';

/** `readyState` of an open WebSocket (both APIs). */
const OPEN = 1;
/** Close codes of a normal end: 1000 normal, 1001 going away, 1005 none given (RFC 6455 §7.4.1). */
const NORMAL_CLOSE_CODES = new Set([1000, 1001, 1005]);

/** The parts of `ws`'s WebSocket this adapter uses. */
export interface WsLike {
  readonly readyState: number;
  send(data: unknown, ...rest: unknown[]): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
}

/** The parts of a WHATWG WebSocket this adapter uses. */
export interface WhatwgWebSocketLike {
  readonly readyState: number;
  send(data: unknown): unknown;
  addEventListener(type: string, listener: (event: never) => void): unknown;
  removeEventListener(type: string, listener: (event: never) => void): unknown;
}

const attached = new WeakMap<object, TransportInstrumentation>();

/**
 * Counts a WebSocket's messages and bytes in both directions, its open/close, abnormal closes (as
 * errors `ws_close_<code>`), and, with a shared `metrics`, reconnections. Call it right after
 * creating the socket (client) or in the server's 'connection' handler. Instrumenting the same
 * socket again returns the first instrumentation.
 */
export function instrumentWebSocket(
  ws: WsLike | WhatwgWebSocketLike,
  options: TransportAdapterOptions = {},
): TransportInstrumentation {
  const existing = attached.get(ws);
  if (existing !== undefined) return existing;
  const { metrics, owned } = adapterMetrics(options, 'websocket', 'instrumentWebSocket');
  const nodeStyle = typeof (ws as WsLike).on === 'function' && typeof (ws as WsLike).off === 'function';
  const restoreSend = wrapSend(ws, metrics, nodeStyle);

  const onOpen = () => metrics.opened();
  let handle: TransportInstrumentation;
  const onClose = (code: unknown) => {
    try {
      if (typeof code === 'number' && !NORMAL_CLOSE_CODES.has(code)) metrics.error(`ws_close_${code}`);
      metrics.closed();
    } finally {
      handle.stop();
    }
  };

  let detachListeners: () => void;
  if (nodeStyle) {
    const socket = ws as WsLike;
    const onMessage = (data: unknown) => metrics.received(byteLength(data));
    socket.on('message', onMessage);
    socket.on('open', onOpen);
    socket.on('close', onClose);
    detachListeners = () => {
      socket.off('message', onMessage);
      socket.off('open', onOpen);
      socket.off('close', onClose);
    };
  } else {
    const socket = ws as WhatwgWebSocketLike;
    const onMessage = (event: { data?: unknown }) => metrics.received(byteLength(event.data));
    const onCloseEvent = (event: { code?: unknown }) => onClose(event.code);
    socket.addEventListener('message', onMessage);
    socket.addEventListener('open', onOpen);
    socket.addEventListener('close', onCloseEvent);
    detachListeners = () => {
      socket.removeEventListener('message', onMessage);
      socket.removeEventListener('open', onOpen);
      socket.removeEventListener('close', onCloseEvent);
    };
  }
  handle = instrumentation(metrics, owned, () => {
    attached.delete(ws);
    restoreSend();
    detachListeners();
    metrics.closed();
  });
  attached.set(ws, handle);
  if (ws.readyState === OPEN) metrics.opened();
  return handle;
}

/**
 * Counts each `send()` made while the socket is open (sends in other states are refused by the
 * socket). With `ws`, `send(data, { fin: false })` sends a fragment: bytes count now, the message
 * when its last fragment goes.
 */
function wrapSend(ws: object, metrics: TransportMetrics, nodeStyle: boolean): () => void {
  const target = ws as { send: (...args: unknown[]) => unknown; readyState: number };
  const send = target.send;
  const own = Object.hasOwn(target, 'send');
  let fragmented = 0;
  const wrapper = function (this: unknown, ...args: unknown[]) {
    const open = target.readyState === OPEN;
    const result = Reflect.apply(send, this, args);
    if (open) {
      try {
        const size = byteLength(args[0]);
        const options = nodeStyle ? args[1] : undefined;
        if (options !== null && typeof options === 'object' && (options as { fin?: unknown }).fin === false) {
          metrics.bytes('sent', size);
          fragmented += size;
        } else if (fragmented > 0) {
          metrics.bytes('sent', size);
          metrics.message('sent', fragmented + size);
          fragmented = 0;
        } else {
          metrics.sent(size);
        }
      } catch {
        // Counting must never break sending.
      }
    }
    return result;
  };
  target.send = wrapper;
  return () => {
    if (target.send !== wrapper) return;
    if (own) target.send = send;
    else delete (target as { send?: unknown }).send;
  };
}
