import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { staticDir } from '@telemeter/dashboard';
import { BUILTIN_DASHBOARDS_FILE, readBuiltinDashboards } from './builtin-dashboards.js';
import { DashboardError } from './errors.js';

test('reads the built-in views the dashboard build wrote, each checked like a user dashboard', () => {
  const ids = readBuiltinDashboards(staticDir).map((d) => d.id);
  assert.deepEqual(ids, ['overview', 'system', 'runtime', 'http', 'caches']);
});

test('no file (dashboard not built): none; a broken file: a DashboardError naming it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'telemeter-builtin-'));
  try {
    assert.deepEqual(readBuiltinDashboards(dir), []);
    const file = join(dir, BUILTIN_DASHBOARDS_FILE);
    await writeFile(file, '{"id": "x"');
    assert.throws(
      () => readBuiltinDashboards(dir),
      (e: unknown) => e instanceof DashboardError && /not JSON/.test(e.message),
    );
    await writeFile(file, '{"id": "x"}');
    assert.throws(() => readBuiltinDashboards(dir), /expected a list of dashboards/);
    await writeFile(file, JSON.stringify([{ id: 'x', title: 'X', rows: [{ panels: [{ title: 'p' }] }] }]));
    assert.throws(
      () => readBuiltinDashboards(dir),
      (e: unknown) => e instanceof DashboardError && e.message.includes(`${BUILTIN_DASHBOARDS_FILE}[0]`),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
