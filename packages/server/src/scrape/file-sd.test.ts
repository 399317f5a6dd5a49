import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { waitFor } from '@telemeter/testkit';
import { FileDiscovery, parseTargetGroupsFile } from './file-sd.js';
import { recordingLogger } from './testing/harness.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-filesd-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('parseTargetGroupsFile', () => {
  it('reads JSON and YAML lists of {targets, labels}', () => {
    const json = '[{"targets":["a:1","b:2"],"labels":{"env":"prod"}},{"targets":["c:3"]}]';
    assert.deepEqual(parseTargetGroupsFile(json, '/sd/x.json'), [
      { targets: ['a:1', 'b:2'], labels: { env: 'prod' } },
      { targets: ['c:3'], labels: {} },
    ]);
    const yaml = '- targets: [a:1]\n  labels:\n    env: dev\n';
    assert.deepEqual(parseTargetGroupsFile(yaml, '/sd/x.yml'), [
      { targets: ['a:1'], labels: { env: 'dev' } },
    ]);
    assert.deepEqual(parseTargetGroupsFile('', '/sd/empty.yaml'), []);
  });

  it('names the file and the entry at fault', () => {
    const bad: [string, string, RegExp][] = [
      ['/sd/x.json', '[{"targets": "a:1"}]', /^\/sd\/x\.json: \[0\]\.targets: expected a list/],
      ['/sd/x.json', '{"targets": []}', /^\/sd\/x\.json: expected a list of \{targets, labels\} groups/],
      [
        '/sd/x.json',
        '[{"targets": [], "labels": {"bad-name": "v"}}]',
        /\[0\]\.labels: "bad-name" is not a valid label name/,
      ],
      [
        '/sd/x.json',
        '[{"targets": [], "labels": {"port": 80}}]',
        /\[0\]\.labels\.port: expected a string value/,
      ],
      ['/sd/x.json', '[{"targets": [], "lables": {}}]', /\[0\]: unknown key "lables"/],
      ['/sd/x.json', '[{"targets": [', /^\/sd\/x\.json: not valid JSON/],
      ['/sd/x.yaml', '- targets: [a:1\n', /^\/sd\/x\.yaml: not valid YAML/],
      ['/sd/x.txt', '[]', /unsupported file extension "\.txt"/],
    ];
    for (const [file, text, message] of bad) {
      assert.throws(
        () => parseTargetGroupsFile(text, file),
        (err: Error) => message.test(err.message),
        `${file}: ${text}`,
      );
    }
  });
});

describe('FileDiscovery', () => {
  it('re-reads a file when it changes, labels groups with __meta_filepath, and keeps targets of a bad file', async () => {
    const dir = tempDir();
    const file = join(dir, 'targets.json');
    writeFileSync(file, JSON.stringify([{ targets: ['a:1'], labels: { env: 'prod' } }]));
    const logger = recordingLogger();
    let changes = 0;
    let readErrors = 0;
    const sd = new FileDiscovery(
      { files: [file], refreshIntervalMs: 60_000 },
      logger,
      () => changes++,
      () => readErrors++,
    );
    await sd.start();
    try {
      assert.deepEqual(sd.groups(), [{ targets: ['a:1'], labels: { env: 'prod', __meta_filepath: file } }]);

      // Replaced by rename, as config management tools write files.
      writeFileSync(`${file}.tmp`, JSON.stringify([{ targets: ['a:1', 'b:2'], labels: {} }]));
      renameSync(`${file}.tmp`, file);
      await waitFor('the new targets', () => (sd.groups()[0]?.targets.length === 2 ? true : undefined), {
        timeoutMs: 5_000,
        intervalMs: 20,
      });
      assert.ok(changes >= 1);

      writeFileSync(file, '[{"targets": ["c:3"],');
      await waitFor('the read error', () => (readErrors > 0 ? true : undefined), {
        timeoutMs: 5_000,
        intervalMs: 20,
      });
      assert.deepEqual(sd.groups()[0]?.targets, ['a:1', 'b:2'], 'a bad file keeps its previous targets');
      const error = logger.lines.find((l) => l.level === 'error');
      assert.ok(error?.message.includes(file), `the log names the file: ${error?.message}`);

      rmSync(file);
      await waitFor('the removal', () => (sd.groups().length === 0 ? true : undefined), {
        timeoutMs: 5_000,
        intervalMs: 20,
      });
    } finally {
      await sd.stop();
    }
  });

  it('expands a wildcard in the file name and notices new files on the refresh interval', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yml'), '- targets: [a:1]\n');
    writeFileSync(join(dir, 'ignored.txt'), 'not a target file');
    const sd = new FileDiscovery(
      { files: [join(dir, '*')], refreshIntervalMs: 50 },
      recordingLogger(),
      () => {},
      () => {},
    );
    await sd.start();
    try {
      assert.deepEqual(
        sd.groups().map((g) => g.targets),
        [['a:1']],
      );
      writeFileSync(join(dir, 'b.json'), '[{"targets":["b:2"]}]');
      await waitFor('the second file', () => (sd.groups().length === 2 ? true : undefined), {
        timeoutMs: 5_000,
        intervalMs: 20,
      });
      assert.deepEqual(
        sd.groups().map((g) => g.labels.__meta_filepath),
        [join(dir, 'a.yml'), join(dir, 'b.json')],
      );
    } finally {
      await sd.stop();
    }
  });
});
