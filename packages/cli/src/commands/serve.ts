import type { CliIo } from '../cli-io.js';
import type { CommandSpec } from '../command.js';
import type { DemoWorkload } from '../demo/workload.js';
import { CliError } from '../errors.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import type { Palette } from '../output/colour.js';
import {
  type ConfigOverrides,
  isConfigError,
  loadServerApi,
  type RunningServer,
  type ServerApi,
  type ServerLogger,
  type TelemeterServerConfig,
} from '../server-api.js';

const NAME = 'serve';
/** The job `--demo` adds, scraped every DEMO_SCRAPE_INTERVAL. */
export const DEMO_JOB = 'demo';
const DEMO_SCRAPE_INTERVAL = '5s';

function loggerFor(io: CliIo, paint: Palette): ServerLogger {
  return {
    info: (message) => io.stderr.write(`telemeter: ${message}\n`),
    warn: (message) => io.stderr.write(`telemeter: ${paint.yellow('warning:')} ${message}\n`),
    error: (message) => io.stderr.write(`telemeter: ${paint.red('error:')} ${message}\n`),
  };
}

/** The file's config (or the defaults) with the flags applied and, with --demo, the demo job. */
async function resolveConfig(
  server: ServerApi,
  file: string | undefined,
  overrides: ConfigOverrides,
  demo: DemoWorkload | undefined,
  io: CliIo,
): Promise<TelemeterServerConfig> {
  const base = file === undefined ? server.defaultConfig() : await server.loadConfig(file);
  const config = server.applyOverrides(base, overrides);
  if (!demo) return config;
  const target = new URL(demo.metricsUrl);
  // Parsed from YAML so that every other scrape setting gets the server's own defaults.
  const [demoJob] = server.parseConfig(
    [
      'scrape_configs:',
      `  - job_name: ${DEMO_JOB}`,
      `    scrape_interval: ${DEMO_SCRAPE_INTERVAL}`,
      `    metrics_path: ${JSON.stringify(target.pathname)}`,
      `    static_configs: [{targets: [${JSON.stringify(target.host)}]}]`,
    ].join('\n'),
    '--demo',
  ).scrapeConfigs;
  if (config.scrapeConfigs.some((job) => job.jobName === DEMO_JOB)) {
    io.stderr.write(`telemeter: --demo replaces the job "${DEMO_JOB}" of ${file}\n`);
  }
  return {
    ...config,
    scrapeConfigs: [...config.scrapeConfigs.filter((job) => job.jobName !== DEMO_JOB), demoJob!],
  };
}

function configFailure(error: unknown): never {
  if (isConfigError(error))
    throw new CliError('TM_CLI_CONFIG_INVALID', `invalid configuration:\n${error.message}`);
  throw error;
}

async function reloadOnHangup(
  server: ServerApi,
  running: RunningServer,
  file: string | undefined,
  overrides: ConfigOverrides,
  demo: DemoWorkload | undefined,
  io: CliIo,
  paint: Palette,
): Promise<void> {
  if (file === undefined) {
    io.stderr.write('telemeter: SIGHUP: nothing to reload (started without --config)\n');
    return;
  }
  try {
    const result = await running.reload(await resolveConfig(server, file, overrides, demo, io));
    const later =
      result.needsRestart.length > 0 ? `; restart to apply ${result.needsRestart.join(', ')}` : '';
    io.stderr.write(`telemeter: reloaded ${file}${later}\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`telemeter: ${paint.red('reload failed, keeping the running config:')}\n${message}\n`);
  }
}

export const serveCommand: CommandSpec = {
  name: NAME,
  summary: 'run the telemeter server: scrape, store, PromQL API, live stream',
  usage: 'serve [--config FILE] [--listen HOST:PORT] [--data DIR] [--retention DURATION] [--demo]',
  description: [
    'Starts the server with the configuration in FILE (or the defaults); --listen, --data and',
    '--retention win over the file. Prints the URL once it is listening. SIGHUP re-reads FILE',
    'and applies its scrape jobs and limits (listen address and storage need a restart);',
    'SIGINT or SIGTERM (Ctrl-C) close it gracefully and exit 0; a second Ctrl-C exits at once.',
    `--demo also runs the demo workload (see 'telemeter demo') on a free 127.0.0.1 port and`,
    `scrapes it as job "${DEMO_JOB}" every ${DEMO_SCRAPE_INTERVAL}, so every dashboard panel has data.`,
    'The server listens beyond 127.0.0.1 only with auth.token set.',
  ].join('\n'),
  positionals: { min: 0, max: 0, names: '' },
  options: {
    config: { type: 'string', short: 'c', value: 'FILE', help: 'telemeter.yml to load' },
    listen: {
      type: 'string',
      short: 'l',
      value: 'HOST:PORT',
      help: 'address to listen on',
      default: '127.0.0.1:9464',
    },
    data: { type: 'string', short: 'd', value: 'DIR', help: 'storage directory', default: './data' },
    retention: { type: 'string', value: 'DURATION', help: 'how long samples are kept', default: '15d' },
    demo: { type: 'boolean', help: 'also run and scrape the demo workload' },
  },
  examples: [
    'telemeter serve',
    'telemeter serve --demo',
    'telemeter serve --config telemeter.yml --listen 127.0.0.1:9464 --data /var/lib/telemeter --retention 30d',
    'kill -HUP $(pgrep -f "telemeter serve")   # reload telemeter.yml',
  ],
  exitCodes: [
    [EXIT_OK, 'stopped by SIGINT/SIGTERM after a graceful close'],
    [EXIT_FAILURE, 'invalid configuration, cannot listen, or the storage cannot be opened'],
    [EXIT_USAGE, 'bad flag'],
  ],
  async run({ values, io, err, out }) {
    const file = values.config as string | undefined;
    const overrides: ConfigOverrides = {
      listen: values.listen as string | undefined,
      data: values.data as string | undefined,
      retention: values.retention as string | undefined,
    };
    const server = await loadServerApi([
      'startServer',
      'loadConfig',
      'parseConfig',
      'applyOverrides',
      'defaultConfig',
    ]);
    // Check the configuration before starting anything.
    await resolveConfig(server, file, overrides, undefined, io).catch(configFailure);
    let demo: DemoWorkload | undefined;
    let running: RunningServer;
    try {
      if (values.demo === true) {
        const { startDemoWorkload } = await import('../demo/workload.js');
        demo = await startDemoWorkload({ host: '127.0.0.1', port: 0 });
      }
      const config = await resolveConfig(server, file, overrides, demo, io).catch(configFailure);
      running = await server.startServer({
        config,
        ...(file !== undefined
          ? // POST /-/reload keeps the flags and the demo job, as SIGHUP does.
            { configFile: file, reloadConfig: () => resolveConfig(server, file, overrides, demo, io) }
          : {}),
        logger: loggerFor(io, err),
      });
    } catch (error) {
      await demo?.stop();
      if (error instanceof CliError) throw error;
      throw new CliError(
        'TM_CLI_SERVE_FAILED',
        `cannot start: ${error instanceof Error ? error.message : String(error)}`,
        EXIT_FAILURE,
        { cause: error },
      );
    }

    io.stdout.write(`telemeter serving on ${out.bold(running.url)} (data: ${running.config.storage.path})\n`);
    if (demo)
      io.stdout.write(
        `demo workload on ${demo.metricsUrl} (job "${DEMO_JOB}", every ${DEMO_SCRAPE_INTERVAL})\n`,
      );

    const offHangup = io.onSignal(['SIGHUP'], () => {
      void reloadOnHangup(server, running, file, overrides, demo, io, err);
    });
    const stopSignal = await new Promise<string>((resolve) => {
      const off = io.onSignal(['SIGINT', 'SIGTERM'], (signal) => {
        off();
        resolve(signal);
      });
    });
    offHangup();
    io.stderr.write(`telemeter: ${stopSignal}: closing (Ctrl-C again to exit at once)\n`);
    const offForce = io.onSignal(['SIGINT', 'SIGTERM'], () => {
      io.stderr.write('telemeter: exiting without a graceful close\n');
      process.exit(EXIT_FAILURE);
    });
    try {
      await running.close();
      await demo?.stop();
    } finally {
      offForce();
    }
    io.stderr.write('telemeter: closed\n');
    return EXIT_OK;
  },
};
