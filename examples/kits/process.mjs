// @telemeter/kits/process: spawn, stop and supervise real child processes (small `node -e`
// scripts), then print the exposition of what was measured.
//
//   npm run build && node examples/kits/process.mjs
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from '../../packages/core/dist/esm/index.js';
import { createProcessManager } from '../../packages/kits/dist/esm/process/index.js';

const registry = new Registry();
const node = process.execPath;
const ready = async (child) => void (await once(child.stdout, 'data'));

// Workers: one shuts down cleanly on SIGTERM, one ignores it and gets killed after the grace period.
const workers = createProcessManager({ name: 'worker', registry, graceMs: 300 });
const polite = workers.spawn(node, [
  '-e',
  "process.on('SIGTERM', () => setTimeout(() => process.exit(0), 50)); setInterval(() => {}, 1000); process.stdout.write('up')",
]);
const stubborn = workers.spawn(node, [
  '-e',
  "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); process.stdout.write('up')",
]);
await Promise.all([ready(polite), ready(stubborn)]);
for (const result of await workers.stopAll())
  console.log('stop:', result.result, `${result.seconds.toFixed(3)} s`);

// A job that crashes twice before succeeding (it counts its runs in a file), under a supervisor.
const dir = await mkdtemp(join(tmpdir(), 'telemeter-process-example-'));
const counter = JSON.stringify(join(dir, 'runs'));
const flaky = `const fs = require('node:fs');
const runs = fs.existsSync(${counter}) ? Number(fs.readFileSync(${counter}, 'utf8')) : 0;
fs.writeFileSync(${counter}, String(runs + 1));
process.exit(runs < 2 ? 1 : 0);`;
const jobs = createProcessManager({ name: 'job', registry });
const supervisor = jobs.supervise(node, ['-e', flaky], {
  backoff: { initialMs: 20 },
  onExit: ({ code }) => console.log('job exited with', code),
});
const outcome = await supervisor.done;
console.log('supervisor:', outcome.reason, 'after', outcome.restarts, 'restarts');
await rm(dir, { recursive: true, force: true });

// A missing binary: the spawn error is counted and still reaches the 'error' handler.
const tools = createProcessManager({ name: 'tool', registry });
const missing = tools.spawn('telemeter-example-missing-binary');
const [error] = await once(missing, 'error');
console.log('spawn error:', error.code);

const text = await registry.metrics();
console.log(
  text
    .split('\n')
    .filter((line) => line.startsWith('child_process_') && !line.includes('_bucket'))
    .join('\n'),
);
