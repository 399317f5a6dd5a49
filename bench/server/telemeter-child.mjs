// `telemeter serve` in a process of its own, so its CPU time and memory are its own. argv[2] is the
// data dir, argv[3] telemeter.yml text (scrape jobs, storage.fsync, ...); listen, storage path and
// self-monitoring are set here. Answers over IPC: {type:'memory', gc} -> process.memoryUsage()
// (after a full GC when gc is true). Run with --expose-gc.
import { parseConfig, startServer } from '../../packages/server/dist/esm/index.js';

const [dataDir, yaml = ''] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: telemeter-child.mjs DATA_DIR [YAML]');
const parsed = parseConfig(yaml, 'bench config');
const config = {
  ...parsed,
  listen: { host: '127.0.0.1', port: 0 },
  storage: { ...parsed.storage, path: dataDir },
  selfMonitoring: { ...parsed.selfMonitoring, enabled: false, system: false },
};
const quiet = {
  info: () => {},
  warn: (m) => process.stderr.write(`telemeter: warning: ${m}\n`),
  error: (m) => process.stderr.write(`telemeter: error: ${m}\n`),
};
const server = await startServer({ config, logger: quiet });

process.on('message', (message) => {
  if (message?.type === 'memory') {
    if (message.gc && typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    }
    process.send({ type: 'memory', ...process.memoryUsage() });
  } else if (message?.type === 'close') {
    server.close().then(() => process.exit(0));
  }
});
process.send({ type: 'ready', url: server.url });
