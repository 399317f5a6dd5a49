// Runs a server in its own process for crash tests: argv[2] is the data dir. Prints
// `LISTENING <url>` once ready, then serves until killed.
import { defaultConfig } from '../config/index.js';
import { startServer } from '../server.js';
import { quietLogger } from './temp-server.js';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: server-child.js DATA_DIR');
const base = defaultConfig();
const server = await startServer({
  config: {
    ...base,
    listen: { host: '127.0.0.1', port: 0 },
    storage: { ...base.storage, path: dataDir },
    selfMonitoring: { ...base.selfMonitoring, enabled: false, system: false },
  },
  logger: quietLogger,
});
process.stdout.write(`LISTENING ${server.url}\n`);
process.on('SIGTERM', () => {
  server.close().then(() => process.exit(0));
});
