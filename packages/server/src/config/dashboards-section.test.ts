// telemeter.yml's `dashboards` section, with real dashboard files beside a real config file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dashboardYaml, tempFolder } from '../dashboards/testing/dashboard-files.js';
import { ConfigError } from './errors.js';
import { defaultConfig, loadConfig, parseConfig } from './parse.js';
import { redactConfig } from './redact.js';
import { problemsOf } from './testing/issues.js';

describe('dashboards', () => {
  const folder = tempFolder();
  after(() => folder.remove());
  folder.write('boards/api.yml', dashboardYaml('api', 'API'));
  folder.write(
    'boards/db.json',
    JSON.stringify({
      id: 'db',
      title: 'DB',
      rows: [{ panels: [{ title: 'Up', queries: [{ expr: 'up' }] }] }],
    }),
  );
  const configFile = folder.write(
    'telemeter.yml',
    'listen: 127.0.0.1:0\ndashboards:\n  files: ["boards/*.yml", boards/db.json]\n',
  );

  it('has no files and no dashboards by default', () => {
    assert.deepEqual(defaultConfig().dashboards, { files: [], definitions: [] });
  });

  it('reads the files, relative to the config file, in the order listed', async () => {
    const config = await loadConfig(configFile);
    assert.deepEqual(config.dashboards.files, [
      join(folder.dir, 'boards/*.yml'),
      join(folder.dir, 'boards/db.json'),
    ]);
    assert.deepEqual(
      config.dashboards.definitions.map((d) => [d.id, d.title]),
      [
        ['api', 'API'],
        ['db', 'DB'],
      ],
    );
  });

  it('prints the files, not the definitions, in the running config, and reads that back the same', async () => {
    const config = await loadConfig(configFile);
    const yaml = redactConfig(config);
    assert.match(yaml, /dashboards:\n {2}files:\n {4}- .*boards\/\*\.yml\n {4}- .*boards\/db\.json\n/);
    assert.doesNotMatch(yaml, /definitions/);
    assert.deepEqual(parseConfig(yaml), config);
  });

  it('fails the config on a bad dashboard, naming the config line, the dashboard file, its line and key path', () => {
    folder.write(
      'bad/x.yml',
      'id: x\ntitle: X\nrows:\n  - panels:\n      - title: P\n        type: pie\n        queries: [{ expr: "rate(x[5m]" }]\n',
    );
    const source = join(folder.dir, 'telemeter.yml');
    const text = 'dashboards:\n  files:\n    - boards/api.yml\n    - bad/*.yml\n';
    assert.throws(
      () => parseConfig(text, source),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.message ===
          [
            `${source}:4: dashboards.files[1]: bad/x.yml:6: rows[0].panels[0].type: expected one of timeseries, stat, table, bar; got "pie"`,
            `${source}:4: dashboards.files[1]: bad/x.yml:7: rows[0].panels[0].queries[0].expr: invalid PromQL: 1:11: parse error: unclosed left parenthesis`,
          ].join('\n'),
    );
  });

  it('fails on an id used twice, a missing file and a path that is not a dashboard file', () => {
    const source = join(folder.dir, 'telemeter.yml');
    const text = 'dashboards:\n  files: [boards/api.yml, boards/*.yml, boards/gone.yml, boards/*]\n';
    assert.throws(
      () => parseConfig(text, source),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(
          err.issues.map((i) => `${i.path}: ${i.message}`),
          [
            'dashboards.files[3]: "boards/*" is not a dashboard path: a file or a glob in the last path element ending in .json, .yml or .yaml',
            'dashboards.files[2]: boards/gone.yml: cannot read: no such file',
          ],
        );
        return true;
      },
    );
    folder.write('other/api-again.yml', dashboardYaml('api'));
    assert.deepEqual(
      problemsOf(
        `dashboards: { files: [${join(folder.dir, 'boards/api.yml')}, ${join(folder.dir, 'other/*.yml')}] }`,
      ),
      [
        `dashboards.files[1]: ${join(folder.dir, 'other/api-again.yml')}:1: id: "api" is already the id of ${join(folder.dir, 'boards/api.yml')}`,
      ],
    );
  });

  it('rejects keys it does not know', () => {
    assert.deepEqual(problemsOf('dashboards: { file: [a.yml] }'), [
      'dashboards.file: unknown key (did you mean "files"?)',
    ]);
    assert.deepEqual(problemsOf('dashboards: [a.yml]'), ['dashboards: expected a mapping, got a list']);
  });
});
