/**
 * node:http and node:https clients through Node's diagnostics channels (Node 20 publishes these;
 * verified on 20.20):
 *
 *   http.client.request.start    → from ClientRequest#_finish: the request (headers and any body)
 *                                  was ended by the caller. For a GET that is before the connect;
 *                                  for a streamed upload it is after the body: the time spent
 *                                  writing the body is not in the duration.
 *   http.client.request.error    → the request failed (published just before its 'error' event)
 *   http.client.response.finish  → despite the name: the response *headers* arrived
 *   net.client.socket            → a socket was created by net.connect (connect start for http:)
 *
 * The end of the response body has no channel in Node 20, so a once('close') listener goes on the
 * response (and one on the request, for requests destroyed before any response or error): 'close'
 * listeners change nothing about how a stream flows. No 'error' listener is ever added: that would
 * turn an application's unhandled 'error' event into a silent one.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { methodLabel } from '../shared/http-method.js';
import type { HttpClientRecorder, RequestState } from './recorder.js';
import type { ServerAddresses } from './server-address.js';
import type { HttpClientFilter } from './undici-channels.js';

/** What a response closed before completion, or a request closed without an error, ends with. */
const ABORTED = Object.freeze({ code: 'ABORT_ERR' });

/** Subscribes to node:http's client channels; returns the unsubscribe function. */
export function subscribeNodeHttp(
  recorder: HttpClientRecorder,
  addresses: ServerAddresses,
  filter: HttpClientFilter | undefined,
): () => void {
  const requests = new WeakMap<ClientRequest, RequestState>();
  const socketStarts = new WeakMap<Socket, number>();

  const guard =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A): void => {
      if (recorder.stopped) return;
      try {
        fn(...args);
      } catch {
        // A throw here would reach the application as an uncaught exception.
      }
    };

  const onSocket = (req: ClientRequest, state: RequestState, socket: Socket): void => {
    if (req.reusedSocket) {
      recorder.connection(state, true);
      return;
    }
    if (!socket.connecting) {
      // Opened for this request and already connected (the body took longer than the connect).
      recorder.connection(state, false);
      return;
    }
    const start = socketStarts.get(socket) ?? state.start;
    const event = (socket as { encrypted?: boolean }).encrypted === true ? 'secureConnect' : 'connect';
    socket.once(
      event,
      guard(() => {
        recorder.connected(state.route.address, (performance.now() - start) / 1000);
        recorder.connection(state, false);
      }),
    );
  };

  const end = (req: ClientRequest, state: RequestState, error: unknown): void => {
    if (requests.get(req) !== state) return;
    requests.delete(req);
    if (error === undefined) recorder.complete(state, performance.now());
    else recorder.fail(state, error, performance.now());
  };

  const handlers: Record<string, (message: unknown) => void> = {
    'net.client.socket'(message) {
      const { socket } = message as { socket: Socket };
      socketStarts.set(socket, performance.now());
    },
    'http.client.request.start'(message) {
      const { request: req } = message as { request: ClientRequest };
      const method = req.method;
      // Upgrades (ws, socket.io clients) end in an 'upgrade' event with no response: not request/response traffic.
      if (method === 'CONNECT' || req.getHeader('upgrade') !== undefined) return;
      const protocol = typeof req.protocol === 'string' ? req.protocol : 'http:';
      const host = req.getHeader('host');
      const origin = `${protocol}//${typeof host === 'string' ? host : req.host}`;
      if (filter !== undefined && !filter({ client: 'node:http', origin, method, path: req.path })) return;
      const state = recorder.begin(methodLabel(method), addresses.of(origin), performance.now());
      requests.set(req, state);
      if (req.socket) onSocket(req, state, req.socket);
      else
        req.once(
          'socket',
          guard((socket: Socket) => onSocket(req, state, socket)),
        );
      req.once(
        'close',
        guard(() => {
          // With a response, the response's 'close' ends the request (it comes after this one).
          if (state.headersAt === 0) end(req, state, ABORTED);
        }),
      );
    },
    'http.client.request.error'(message) {
      const { request: req, error } = message as { request: ClientRequest; error: unknown };
      const state = requests.get(req);
      if (state === undefined) return;
      if (state.headersAt > 0) state.lateError = error;
      else end(req, state, error);
    },
    'http.client.response.finish'(message) {
      const { request: req, response } = message as { request: ClientRequest; response: IncomingMessage };
      const state = requests.get(req);
      if (state === undefined) return;
      recorder.headers(state, response.statusCode ?? 0, performance.now());
      response.once(
        'close',
        guard(() => {
          end(req, state, response.complete ? undefined : (response.errored ?? state.lateError ?? ABORTED));
        }),
      );
    },
  };

  const subscribed: [string, (message: unknown) => void][] = [];
  for (const [name, handler] of Object.entries(handlers)) {
    const safe = guard(handler);
    subscribe(name, safe);
    subscribed.push([name, safe]);
  }
  return () => {
    for (const [name, handler] of subscribed) unsubscribe(name, handler);
  };
}
