// Dashboard files on disk: globs, missing files and folders, ids unique across files.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DashboardError } from './errors.js';
import { checkDashboardPath, loadDashboardFiles, readDashboardFiles } from './files.js';
import { dashboardYaml, tempFolder } from './testing/dashboard-files.js';

describe('readDashboardFiles', () => {
  const folder = tempFolder();
  after(() => folder.remove());
  const b = folder.write('boards/b.yml', dashboardYaml('b'));
  folder.write(
    'boards/a.json',
    JSON.stringify({ id: 'a', title: 'A', rows: [{ panels: [{ title: 'Up', queries: [{ expr: 'up' }] }] }] }),
  );
  folder.write('boards/notes.txt', 'not a dashboard');
  folder.write('boards/nested/c.yml', dashboardYaml('c'));
  folder.write('empty/.keep', '');

  it('expands a glob in the last path element, sorted by name, .json/.yml/.yaml files only', () => {
    const { definitions, issues } = readDashboardFiles([join(folder.dir, 'boards', '*')]);
    assert.deepEqual(issues, []);
    assert.deepEqual(
      definitions.map((d) => d.id),
      ['a', 'b'],
    );
    assert.equal(definitions[0]!.rows[0]!.panels[0]!.type, 'timeseries');
  });

  it('reads a file named by two patterns once, and a glob matching nothing is no error', () => {
    const { definitions, issues } = readDashboardFiles([
      b,
      join(folder.dir, 'boards', '*.yml'),
      join(folder.dir, 'empty', '*.yml'),
    ]);
    assert.deepEqual(issues, []);
    assert.deepEqual(
      definitions.map((d) => d.id),
      ['b'],
    );
  });

  it('reports a missing file or folder against the pattern that named it', () => {
    const missing = join(folder.dir, 'boards', 'missing.yml');
    const noFolder = join(folder.dir, 'nope', '*.yml');
    const { issues } = readDashboardFiles([b, missing, noFolder]);
    assert.deepEqual(issues, [
      { pattern: 1, file: missing, path: '', message: 'cannot read: no such file' },
      {
        pattern: 2,
        file: noFolder,
        path: '',
        message: `cannot list the folder "${join(folder.dir, 'nope')}": no such folder`,
      },
    ]);
  });

  it('rejects an id used by an earlier file, at the line of the id', () => {
    const copy = folder.write('dupes/b-copy.yaml', `# the same id\n${dashboardYaml('b', 'Copy')}`);
    const { definitions, issues } = readDashboardFiles([b, copy]);
    assert.deepEqual(
      definitions.map((d) => d.title),
      ['Dashboard b'],
    );
    assert.deepEqual(issues, [
      { pattern: 1, file: copy, path: 'id', message: `"b" is already the id of ${b}`, line: 2 },
    ]);
  });

  it('keeps the valid dashboards when another file is bad, and names the bad file in each issue', () => {
    const bad = folder.write(
      'bad/x.yml',
      'id: x\ntitle: X\nrows:\n  - panels:\n      - title: P\n        type: pie\n        queries: [{ expr: up }]\n',
    );
    const { definitions, issues } = readDashboardFiles([bad, b]);
    assert.deepEqual(
      definitions.map((d) => d.id),
      ['b'],
    );
    assert.deepEqual(issues, [
      {
        pattern: 0,
        file: bad,
        path: 'rows[0].panels[0].type',
        message: 'expected one of timeseries, stat, table, bar; got "pie"',
        line: 6,
        column: 15,
      },
    ]);
  });

  it('loadDashboardFiles throws a DashboardError with file:line: path: message lines', () => {
    const bad = folder.write('bad/y.yml', 'id: y\ntitle: Y\nrows: []\n');
    assert.throws(
      () => loadDashboardFiles([bad, join(folder.dir, 'boards', 'missing.json')]),
      (err: unknown) =>
        err instanceof DashboardError &&
        err.code === 'TM_DASHBOARD_INVALID' &&
        err.message ===
          `${bad}:3: rows: needs at least one row\n${join(folder.dir, 'boards', 'missing.json')}: cannot read: no such file`,
    );
    assert.deepEqual(
      loadDashboardFiles([b]).map((d) => d.id),
      ['b'],
    );
  });
});

describe('checkDashboardPath', () => {
  it('allows a glob in the last path element only, with a dashboard extension', () => {
    for (const ok of ['a.yml', 'dashboards/*.yml', '/etc/telemeter/d-?.json', 'x/*.YAML']) {
      assert.equal(checkDashboardPath(ok), undefined, ok);
    }
    for (const bad of ['dashboards/*', '*/a.yml', 'a.txt', 'dashboards']) {
      assert.match(
        checkDashboardPath(bad) ?? '',
        /is not a dashboard path: a file or a glob in the last path element/,
        bad,
      );
    }
  });
});
