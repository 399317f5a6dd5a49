import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** What a test exporter answers; change the fields between scrapes. */
export interface ExporterReply {
  body: string;
  contentType: string;
  status: number;
  /** Waits this long before answering (for timeout tests). */
  delayMs: number;
  gzip: boolean;
}

export interface SeenRequest {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface TestExporter {
  /** `127.0.0.1:<port>`, as a static_configs target. */
  readonly address: string;
  readonly reply: ExporterReply;
  readonly requests: SeenRequest[];
  /** Replaces the reply logic, e.g. to negotiate on the Accept header. */
  handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (port 0) serving exposition text. */
export async function startExporter(body = ''): Promise<TestExporter> {
  const reply: ExporterReply = {
    body,
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
    status: 200,
    delayMs: 0,
    gzip: false,
  };
  const requests: SeenRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const exporter = {
    address: '',
    reply,
    requests,
    handler: undefined as TestExporter['handler'],
    close: async () => {},
  };
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    if (exporter.handler !== undefined) {
      exporter.handler(req, res);
      return;
    }
    const send = () => {
      const payload = reply.gzip ? gzipSync(reply.body) : Buffer.from(reply.body);
      const headers: Record<string, string> = { 'content-type': reply.contentType };
      if (reply.gzip) headers['content-encoding'] = 'gzip';
      res.writeHead(reply.status, headers);
      res.end(payload);
    };
    if (reply.delayMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) send();
      }, reply.delayMs);
      timers.add(timer);
    } else {
      send();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  exporter.address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  exporter.close = () =>
    new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return exporter;
}
