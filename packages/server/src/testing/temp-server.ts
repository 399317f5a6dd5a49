import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type TelemeterServerConfig } from '../config/index.js';
import type { ServerLogger } from '../http/types.js';
import { type RunningServer, startServer } from '../server.js';

export const quietLogger: ServerLogger = { info: () => {}, warn: () => {}, error: () => {} };

export interface TempServer extends RunningServer {
  readonly dataDir: string;
  /** Closes the server and removes its data directory. */
  dispose(): Promise<void>;
}

/**
 * A real server on 127.0.0.1 with an OS-picked port and its store in a fresh temp dir;
 * `change` edits the default config (self-monitoring off unless turned on).
 */
export async function startTempServer(
  change: (config: TelemeterServerConfig) => TelemeterServerConfig = (c) => c,
  logger: ServerLogger = quietLogger,
): Promise<TempServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'telemeter-server-'));
  const base = defaultConfig();
  const config = change({
    ...base,
    listen: { host: '127.0.0.1', port: 0 },
    storage: { ...base.storage, path: dataDir },
    selfMonitoring: { ...base.selfMonitoring, enabled: false, system: false },
  });
  const server = await startServer({ config, logger });
  const dispose = async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  return Object.assign(Object.create(server) as RunningServer, { dataDir, dispose });
}
