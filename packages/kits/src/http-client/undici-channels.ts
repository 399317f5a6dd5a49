/**
 * undici (Node's global fetch, and the `undici` package: both publish on the same channel names)
 * through its diagnostics channels. Verified on Node 20.20's bundled undici 6.x and documented in
 * undici's docs/api/DiagnosticsChannel.md:
 *
 *   undici:request:create        → request dispatched (start; active +1)
 *   undici:client:beforeConnect  → a Client starts opening a socket (connect start)
 *   undici:client:connected      → socket ready, after the TLS handshake for https (connect end)
 *   undici:client:connectError   → the connect failed (the queued requests then get request:error)
 *   undici:client:sendHeaders    → the request was written on a socket (reuse is decided here)
 *   undici:request:headers       → response headers (time to first byte)
 *   undici:request:trailers      → response body complete (end; success)
 *   undici:request:error         → the request failed or was aborted (end; error)
 *
 * The connect events carry no request, only the Client's `connector` (shared by the Clients of one
 * origin's Pool) and fresh `connectParams` objects, so connect starts are queued per connector and
 * matched first-in first-out: exact for one connect at a time per origin, and within the spread of
 * concurrent connect times otherwise.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { methodLabel } from '../shared/http-method.js';
import type { HttpClientRecorder, RequestState } from './recorder.js';
import type { ServerAddresses } from './server-address.js';

/** What a `filter` sees of a request (a raw path: use it to decide, never as a label). */
export interface HttpClientRequestInfo {
  readonly client: 'undici' | 'node:http';
  readonly origin: string;
  readonly method: string;
  readonly path: string;
}

export type HttpClientFilter = (request: HttpClientRequestInfo) => boolean;

interface UndiciRequest {
  origin?: unknown;
  method?: unknown;
  path?: unknown;
  upgrade?: unknown;
}
interface ConnectMessage {
  connectParams?: { protocol?: string; host?: string };
  connector?: object;
  socket?: object;
}

/** Subscribes to undici's channels; returns the unsubscribe function. */
export function subscribeUndici(
  recorder: HttpClientRecorder,
  addresses: ServerAddresses,
  filter: HttpClientFilter | undefined,
): () => void {
  // Both maps are keyed by undici's own objects, so a request that never ends (a body nobody reads)
  // is collected with its request object instead of leaking here.
  const requests = new WeakMap<object, RequestState>();
  const connectStarts = new WeakMap<object, number[]>();
  // Sockets connected while instrumented that have carried no request yet: the next request on one
  // is the request the connection was opened for. Anything else is a reused connection (including
  // sockets connected before instrumentation started).
  const fresh = new WeakSet<object>();

  const handlers: Record<string, (message: unknown) => void> = {
    'undici:request:create'(message) {
      const request = (message as { request?: UndiciRequest }).request;
      if (request === undefined || request === null) return;
      // Upgrades (WebSocket, CONNECT tunnels) never publish headers or trailers: they would stay active forever.
      if (request.upgrade || request.method === 'CONNECT') return;
      const origin = String(request.origin);
      const method = String(request.method);
      if (filter !== undefined && !filter({ client: 'undici', origin, method, path: String(request.path) }))
        return;
      requests.set(request, recorder.begin(methodLabel(method), addresses.of(origin), performance.now()));
    },
    'undici:client:beforeConnect'(message) {
      const { connector } = message as ConnectMessage;
      if (typeof connector !== 'function' && typeof connector !== 'object') return;
      const starts = connectStarts.get(connector);
      if (starts === undefined) connectStarts.set(connector, [performance.now()]);
      else starts.push(performance.now());
    },
    'undici:client:connected'(message) {
      const { connector, connectParams, socket } = message as ConnectMessage;
      if (socket !== undefined && socket !== null) fresh.add(socket);
      const start = connector === undefined ? undefined : connectStarts.get(connector)?.shift();
      if (start === undefined || connectParams === undefined) return;
      const origin = `${connectParams.protocol}//${connectParams.host}`;
      recorder.connected(addresses.of(origin), (performance.now() - start) / 1000);
    },
    'undici:client:connectError'(message) {
      const { connector } = message as ConnectMessage;
      if (connector !== undefined) connectStarts.get(connector)?.shift();
    },
    'undici:client:sendHeaders'(message) {
      const { request, socket } = message as { request: object; socket: object };
      const state = requests.get(request);
      if (state === undefined) return;
      recorder.connection(state, !fresh.delete(socket));
    },
    'undici:request:headers'(message) {
      const { request, response } = message as { request: object; response: { statusCode: number } };
      const state = requests.get(request);
      if (state !== undefined) recorder.headers(state, response.statusCode, performance.now());
    },
    'undici:request:trailers'(message) {
      const { request } = message as { request: object };
      const state = requests.get(request);
      if (state === undefined) return;
      // undici can publish error after trailers (a handler throwing in onComplete); end once.
      requests.delete(request);
      recorder.complete(state, performance.now());
    },
    'undici:request:error'(message) {
      const { request, error } = message as { request: object; error: unknown };
      const state = requests.get(request);
      if (state === undefined) return;
      requests.delete(request);
      recorder.fail(state, error, performance.now());
    },
  };

  const subscribed: [string, (message: unknown, name: string | symbol) => void][] = [];
  for (const [name, handler] of Object.entries(handlers)) {
    const safe = (message: unknown): void => {
      if (recorder.stopped) return;
      try {
        handler(message);
      } catch {
        // A subscriber's exception would surface as an uncaught exception in the application.
      }
    };
    subscribe(name, safe);
    subscribed.push([name, safe]);
  }
  return () => {
    for (const [name, handler] of subscribed) unsubscribe(name, handler);
  };
}
