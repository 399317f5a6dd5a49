import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@telemeter/testkit';
import { type FixtureExporter, startFixtureExporter } from '../testing/exporter.js';
import { runCli, startCli } from '../testing/run-cli.js';

interface Target {
  labels: Record<string, string>;
  health: string;
}

async function activeTargets(url: string): Promise<Target[]> {
  const body = (await (await fetch(`${url}/api/v1/targets`)).json()) as { data: { activeTargets: Target[] } };
  return body.data.activeTargets;
}

describe('telemeter serve (the built bin)', { timeout: 60_000 }, () => {
  let dir: string;
  let exporter: FixtureExporter;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'telemeter-cli-serve-'));
    exporter = await startFixtureExporter({
      metrics: '# HELP extra_up Up.\n# TYPE extra_up gauge\nextra_up 1\n',
    });
  });
  after(async () => {
    await exporter.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves with flags over the file, scrapes --demo, reloads on SIGHUP and closes on SIGTERM with exit 0', async () => {
    const config = join(dir, 'telemeter.yml');
    const data = join(dir, 'data');
    await writeFile(config, 'listen: 127.0.0.1:1\nstorage:\n  retention: 1d\n');
    const cli = startCli(['serve', '--config', config, '--listen', '127.0.0.1:0', '--data', data, '--demo']);
    const [, url] = await cli.waitForStdout(
      /telemeter serving on (http:\/\/127\.0\.0\.1:\d+) \(data: (.+)\)\n/,
    );
    assert.ok(cli.stdout().includes(`(data: ${data})`));
    await cli.waitForStdout(/demo workload on http:\/\/127\.0\.0\.1:\d+\/metrics \(job "demo", every 5s\)\n/);
    await waitFor('the demo target up', async () => {
      const demo = (await activeTargets(url!)).find((t) => t.labels.job === 'demo');
      return demo?.health === 'up' ? true : undefined;
    });

    // A job added to the file appears on SIGHUP; the demo job stays.
    await writeFile(
      config,
      `storage:\n  retention: 1d\nscrape_configs:\n  - job_name: extra\n    scrape_interval: 1s\n    static_configs:\n      - targets: ["${new URL(exporter.base).host}"]\n`,
    );
    cli.child.kill('SIGHUP');
    await waitFor('the reload', () => (cli.stderr().includes(`reloaded ${config}`) ? true : undefined));
    const jobs = (await activeTargets(url!)).map((t) => t.labels.job).sort();
    assert.deepEqual(jobs, ['demo', 'extra', 'telemeter']);

    // A broken file is refused and the running config kept.
    await writeFile(config, 'scrape_configs:\n  - job_nam: broken\n');
    cli.child.kill('SIGHUP');
    await waitFor('the failed reload', () =>
      cli.stderr().includes('reload failed, keeping the running config') ? true : undefined,
    );
    assert.match(cli.stderr(), /job_nam: unknown key/);
    assert.equal((await activeTargets(url!)).length, 3);

    cli.child.kill('SIGTERM');
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /SIGTERM: closing[\s\S]*closed\n$/);
  });

  it('exits 1 with every issue for an invalid config or flag, before starting anything', async () => {
    const config = join(dir, 'bad.yml');
    await writeFile(config, 'storage:\n  retention: 15x\n');
    const [file, flag] = await Promise.all([
      runCli(['serve', '--config', config]),
      runCli(['serve', '--listen', 'nowhere', '--retention', '2x']),
    ]);
    assert.equal(file.code, 1);
    assert.match(
      file.stderr,
      /^telemeter: error: invalid configuration:\n.*bad\.yml:2: storage\.retention: invalid duration "15x"/,
    );
    assert.equal(file.stdout, '');
    assert.equal(flag.code, 1);
    assert.match(flag.stderr, /--listen: [^\n]*"nowhere"/);
    assert.match(flag.stderr, /--retention: invalid duration "2x"/);
  });

  it('refuses to listen beyond loopback without a token, exit 1', async () => {
    const result = await runCli(['serve', '--listen', '0.0.0.0:0', '--data', join(dir, 'open')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot start: .*auth\.token/);
  });
});
