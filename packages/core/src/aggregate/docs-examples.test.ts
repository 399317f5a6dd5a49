// The examples of docs/workers-and-cluster.md, run as written (only the port, the import path and a
// driver that scrapes once and stops are substituted), so the documentation cannot drift from the code.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { PACKAGE_ENTRY, sample, samples, scriptDir } from './testing/exposition.js';

const doc = readFileSync(new URL('../../../../../docs/workers-and-cluster.md', import.meta.url), 'utf8');
const blocks = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
const SERVE = 'await serveMetrics({ port: 9464, registry: metrics });';

function adapt(code: string, driver: string): string {
  assert.ok(code.includes(SERVE), 'the example serves the aggregator with serveMetrics');
  return code.replaceAll("'@telemeter/core'", JSON.stringify(PACKAGE_ENTRY)).replace(SERVE, driver);
}

/** Scrapes until `done(text)` (bounded), prints the exposition and ends the process. */
const scrapeUntil = (done: string, before = '') => `
const server = await serveMetrics({ port: 0, registry: metrics });
${before}
let text = '';
for (let i = 0; i < 100; i++) {
  text = await (await fetch(server.url)).text();
  if (${done}) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
process.stdout.write(text);
process.exit(0);
`;

const run = async (file: string): Promise<string> =>
  (await promisify(execFile)(process.execPath, [file], { timeout: 60_000 })).stdout;

const [main, worker, server] = blocks;
const files = scriptDir({
  'main.mjs': adapt(
    main!,
    scrapeUntil(
      'text.includes(\'jobs_total{outcome="done"} 4\')',
      'for (const worker of workers) worker.postMessage({ id: 1 });',
    ),
  ),
  'worker.mjs': worker!.replaceAll("'@telemeter/core'", JSON.stringify(PACKAGE_ENTRY)),
  'server.mjs': adapt(
    server!.replace('server.listen(8080);', 'server.listen(0);'),
    scrapeUntil(`text.includes('telemeter_aggregation_workers{state="answered"} ${availableParallelism()}')`),
  ),
});
after(() => files.remove());

describe('docs/workers-and-cluster.md examples', () => {
  it('worker threads: four workers each do a job; the main thread serves the sums', async () => {
    const text = await run(files.path('main.mjs'));
    assert.equal(sample(text, 'jobs_total', { outcome: 'done' }), 4);
    assert.equal(sample(text, 'job_duration_seconds_count'), 4);
    assert.equal(sample(text, 'telemeter_aggregation_workers', { state: 'answered' }), 4);
  });

  it('cluster: the primary serves one open_connections series per worker', async () => {
    const text = await run(files.path('server.mjs'));
    const workers = availableParallelism();
    assert.equal(sample(text, 'telemeter_aggregation_workers', { state: 'answered' }), workers);
    assert.equal(samples(text, 'open_connections').length, workers);
  });
});
