/**
 * telemeter — the command line (`telemeter serve | show | query | scrape | reset | config check |
 * demo`), and the demo workload as a library for tests and examples.
 *
 * ```ts
 * import { main, startDemoWorkload } from 'telemeter';
 * const demo = await startDemoWorkload({ port: 0 });
 * process.exitCode = await main(['show', demo.metricsUrl, '--json']);
 * await demo.stop();
 * ```
 */
export type { CliIo, OutputStream, StopSignal } from './cli-io.js';
export { ApiError, CliError, FetchError, ListenError, ServerUnavailableError, UsageError } from './errors.js';
export { EXIT_FAILURE, EXIT_LINT, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
export { COMMANDS, main } from './main.js';
export type { DemoWorkload, DemoWorkloadOptions } from './demo/workload.js';
export { startDemoWorkload } from './demo/workload.js';
export type { ExpositionCheck, LintProblem, ParseProblem } from './scrape/check.js';
export { checkExposition } from './scrape/check.js';
