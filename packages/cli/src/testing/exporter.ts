import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureExporter {
  /** `${base}/<name>` serves the body registered under that name. */
  readonly base: string;
  url(name: string): string;
  close(): Promise<void>;
}

/**
 * A plain HTTP server that serves fixed exposition bodies, byte for byte, for the bodies no real
 * client library would produce (lint problems, parse errors).
 */
export async function startFixtureExporter(
  bodies: Readonly<Record<string, string>>,
  contentType = 'text/plain; version=0.0.4; charset=utf-8',
): Promise<FixtureExporter> {
  const server: Server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1).split('?')[0] ?? '');
    const body = bodies[name];
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`no fixture ${name}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    url: (name) => `${base}/${encodeURIComponent(name)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
