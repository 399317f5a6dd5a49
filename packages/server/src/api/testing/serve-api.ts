// The API handler behind a minimal node:http server on 127.0.0.1, shaped the way the server's HTTP
// layer hands requests over (urlencoded POST bodies merged into params), for real HTTP clients.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiRequest, RouteHandler } from '../../http/types.js';

export interface ServedApi {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveApi(handler: RouteHandler): Promise<ServedApi> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const controller = new AbortController();
      res.once('close', () => controller.abort());
      try {
        const request = await toApiRequest(req, controller.signal);
        const response = await handler(request);
        if (response === undefined) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
          return;
        }
        res.writeHead(response.status, response.headers).end(response.body);
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

async function toApiRequest(req: IncomingMessage, signal: AbortSignal): Promise<ApiRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const params = new URLSearchParams(url.search);
  if (/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.append(k, v);
  }
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    params,
    headers: req.headers,
    body,
    signal,
    remoteAddress: req.socket.remoteAddress ?? '',
  };
}
