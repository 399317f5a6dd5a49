import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../testing/run-cli.js';

describe('telemeter config check (the built bin)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'telemeter-cli-config-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('prints "FILE: valid" for a valid file, exit 0', async () => {
    const file = join(dir, 'ok.yml');
    await writeFile(
      file,
      'scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ["localhost:3000"]\n',
    );
    const result = await runCli(['config', 'check', file]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${file}: valid\n`);
    const json = await runCli(['config', 'check', file, '--json']);
    assert.deepEqual(JSON.parse(json.stdout), { file, valid: true, issues: [] });
  });

  it('prints every problem with its line and key path, exit 1', async () => {
    const file = join(dir, 'bad.yml');
    await writeFile(
      file,
      'storage:\n  retention: 15x\nscrape_configs:\n  - job_name: app\n    scrape_intervall: 5s\n    static_configs:\n      - targets: ["localhost:3000"]\n',
    );
    const result = await runCli(['config', 'check', file]);
    assert.equal(result.code, 1);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `${file}: 2 problems`);
    assert.match(lines[1]!, new RegExp(`^${file}:2: storage\\.retention: invalid duration "15x"`));
    assert.match(
      lines[2]!,
      new RegExp(
        `^${file}:5: scrape_configs\\[0\\]\\.scrape_intervall: unknown key \\(did you mean "scrape_interval"\\?\\)`,
      ),
    );
    const json = await runCli(['config', 'check', file, '--json']);
    const report = JSON.parse(json.stdout) as { valid: boolean; issues: { path: string; line: number }[] };
    assert.equal(json.code, 1);
    assert.equal(report.valid, false);
    assert.deepEqual(
      report.issues.map((i) => [i.path, i.line]),
      [
        ['storage.retention', 2],
        ['scrape_configs[0].scrape_intervall', 5],
      ],
    );
  });

  it('says so when the file cannot be read, exit 1', async () => {
    const result = await runCli(['config', 'check', join(dir, 'missing.yml')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot read .*missing\.yml: no such file/);
  });
});
