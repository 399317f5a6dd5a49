// A live stream on a real node:http server (127.0.0.1, OS-picked port) over a real DB in a temp
// dir, with a clock the test moves by hand.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '@telemeter/promql';
import { DB, labelsFromRecord } from '@telemeter/storage';
import type { ServerLogger } from '../../http/types.js';
import { attachLiveStream, type LiveStream, type LiveStreamDeps } from '../live-stream.js';
import { LiveClient } from './live-client.js';

/** A round instant (a multiple of every step the tests use), so grids are easy to write down. */
export const T0 = 1_700_000_000_000;

export interface LiveFixture {
  readonly url: string;
  readonly server: Server;
  readonly db: DB;
  readonly stream: LiveStream;
  /** What the stream's `now()` returns. */
  readonly clock: { now: number };
  readonly logs: string[];
  append(samples: readonly (readonly [Record<string, string>, number, number])[]): Promise<void>;
  connect(headers?: Record<string, string>): Promise<LiveClient>;
  close(): Promise<void>;
}

export async function startLiveFixture(options: Partial<LiveStreamDeps> = {}): Promise<LiveFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'telemeter-live-'));
  const db = DB.open(dir, { compactionIntervalMs: 0, retentionMs: 0, fsync: 'none' });
  const engine = options.engine ?? new Engine();
  const server = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const logs: string[] = [];
  const logger: ServerLogger = {
    info: (m) => logs.push(`info: ${m}`),
    warn: (m) => logs.push(`warn: ${m}`),
    error: (m) => logs.push(`error: ${m}`),
  };
  const clock = { now: T0 };
  const stream = attachLiveStream(server, {
    path: '/api/v1/stream',
    db,
    engine,
    intervalMs: 100,
    maxConnections: 10,
    maxSubscriptionsPerConnection: 10,
    authorize: () => true,
    allowedOrigins: [],
    logger,
    now: () => clock.now,
    ...options,
  });
  const url = `ws://127.0.0.1:${port}/api/v1/stream`;
  const clients: LiveClient[] = [];
  return {
    url,
    server,
    db,
    stream,
    clock,
    logs,
    async append(samples) {
      const app = db.appender();
      for (const [labels, t, v] of samples) app.append(labelsFromRecord(labels), t, v);
      await app.commit();
    },
    async connect(headers = {}) {
      const client = await LiveClient.connect(url, headers);
      clients.push(client);
      return client;
    },
    async close() {
      await stream.close();
      for (const c of clients) c.ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
