import type { CommandSpec } from '../command.js';
import { UsageError } from '../errors.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { isLoopback, parseListen } from '../listen.js';

const NAME = 'demo';
export const DEFAULT_DEMO_LISTEN = '127.0.0.1:9465';

export const demoCommand: CommandSpec = {
  name: NAME,
  summary: 'run the demo workload: a small instrumented service under synthetic load',
  usage: 'demo [--listen HOST:PORT]',
  description: [
    'Runs a synthetic service instrumented with @telemeter/kits and serves its /metrics: an HTTP',
    'API with two routes under a steady load loop (HTTP server and client metrics), tracked',
    'operations with some errors and timeouts, a cache with a realistic hit rate, a semaphore',
    'that queues in bursts, and runtime and system metrics. Prints the /metrics URL and runs until',
    'Ctrl-C. Point `telemeter show`, `scrape` or a Prometheus at it. Listens on loopback only.',
  ].join('\n'),
  positionals: { min: 0, max: 0, names: '' },
  options: {
    listen: {
      type: 'string',
      short: 'l',
      value: 'HOST:PORT',
      help: 'address to listen on (port 0: any free port)',
      default: DEFAULT_DEMO_LISTEN,
    },
  },
  examples: [
    'telemeter demo',
    'telemeter demo --listen 127.0.0.1:0',
    'telemeter show http://127.0.0.1:9465 --watch',
  ],
  exitCodes: [
    [EXIT_OK, 'stopped by SIGINT/SIGTERM'],
    [EXIT_FAILURE, 'cannot listen (e.g. the port is in use)'],
    [EXIT_USAGE, 'bad flag or --listen'],
  ],
  async run({ values, io, out }) {
    const listenText = (values.listen as string | undefined) ?? DEFAULT_DEMO_LISTEN;
    const listen = parseListen(listenText);
    if (typeof listen === 'string') throw new UsageError(`--listen: ${listen}`, NAME);
    if (!isLoopback(listen.host)) {
      throw new UsageError(
        `--listen: the demo has no authentication and listens on loopback only, not ${listen.host}`,
        NAME,
      );
    }
    const { startDemoWorkload } = await import('../demo/workload.js');
    const demo = await startDemoWorkload(listen);
    io.stdout.write(`demo workload serving metrics on ${out.bold(demo.metricsUrl)}\n`);
    io.stderr.write('Ctrl-C to stop\n');
    await new Promise<void>((resolve) => {
      const off = io.onSignal(['SIGINT', 'SIGTERM'], () => {
        off();
        resolve();
      });
    });
    await demo.stop();
    return EXIT_OK;
  },
};
