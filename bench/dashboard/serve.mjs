// `telemeter serve` as a user starts it (the CLI, in its own process), with the bench dashboard
// and `live.interval: 1s`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardYaml } from './workload.mjs';

const CLI = new URL('../../packages/cli/bin/telemeter.js', import.meta.url).pathname;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startBenchServer() {
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-dashboard-bench-'));
  writeFileSync(join(dir, 'bench-dashboard.yml'), dashboardYaml());
  writeFileSync(
    join(dir, 'telemeter.yml'),
    [
      'live: { interval: 1s }',
      'self_monitoring: { enabled: false }',
      'dashboards: { files: [bench-dashboard.yml] }',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--config',
      join(dir, 'telemeter.yml'),
      '--listen',
      `127.0.0.1:${port}`,
      '--data',
      join(dir, 'data'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const deadline = Date.now() + 30_000;
  while (!/telemeter serving on/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`telemeter did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    output: () => output,
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
