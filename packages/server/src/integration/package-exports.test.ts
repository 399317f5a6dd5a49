import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// Run from the repo root so the packages resolve through the workspace links, as in a user's project.
const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'telemeter-server-exports-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

// The README example in miniature: start, write by text import, query, stop.
const program = (load: string, dir: string) => `
  ${load}
  (async () => {
    const base = server.defaultConfig();
    const running = await server.startServer({
      config: { ...base, listen: { host: '127.0.0.1', port: 0 }, storage: { ...base.storage, path: ${JSON.stringify(dir)} },
        selfMonitoring: { ...base.selfMonitoring, enabled: false, system: false } },
      logger: { info() {}, warn() {}, error() {} },
    });
    const t = Date.now();
    const put = await fetch(running.url + '/api/v1/import/prometheus?timestamp=' + t, { method: 'POST', body: 'jobs_done_total{queue="a"} 42\\n' });
    const res = await fetch(running.url + '/api/v1/query?query=jobs_done_total&time=' + t / 1000);
    const body = await res.json();
    process.stdout.write(put.status + ' ' + body.data.result[0].metric.queue + ' ' + body.data.result[0].value[1]);
    await running.close();
  })();
`;

describe('package entry points', () => {
  it('loads with require() from CommonJS', () => {
    const load = "const server = require('@telemeter/server');";
    const out = execFileSync(process.execPath, ['-e', program(load, join(dataDir, 'cjs'))], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(out, '204 a 42');
  });

  it('loads with import from ESM', () => {
    const load = "const server = await import('@telemeter/server');";
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', program(load, join(dataDir, 'esm'))],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    assert.equal(out, '204 a 42');
  });

  it('ships type declarations for both', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'packages/server/package.json'), 'utf8'));
    assert.equal(pkg.exports['.'].import.types, './dist/esm/index.d.ts');
    assert.equal(pkg.exports['.'].require.types, './dist/cjs/index.d.ts');
  });
});
