// What a real VictoriaMetrics 1.79 exports from /api/v1/export imports unchanged: its JSON lines,
// including the bare `+Inf` / `-Inf` it writes for non-finite values.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type RunningVictoriaMetrics,
  requireBinary,
  startVictoriaMetrics,
  waitFor,
} from '@telemeter/testkit';
import { handleJsonImport } from './json-import.js';
import { apiRequest, openTempIngest, storedSamples, type TempIngest } from './testing/ingest-fixtures.js';

const vmBinary = requireBinary('victoria-metrics', 'victoria-metrics');

const T = 1_700_000_000_000;
const EXPOSITION = [
  `vm_roundtrip{job="a",instance="h:1"} 1.5 ${T}`,
  `vm_roundtrip{job="a",instance="h:1"} 2.25 ${T + 15_000}`,
  `vm_roundtrip{job="b",instance="h:2"} +Inf ${T}`,
  `vm_other -7e-3 ${T + 1}`,
  '',
].join('\n');

describe('JSON import of a VictoriaMetrics export', { skip: vmBinary.skip, timeout: 60_000 }, () => {
  let vm: RunningVictoriaMetrics;
  let env: TempIngest;
  before(async () => {
    vm = await startVictoriaMetrics();
    env = openTempIngest();
  });
  after(async () => {
    await vm?.stop();
    await env?.close();
  });

  it('stores exactly what VictoriaMetrics held', async () => {
    await vm.importPrometheus(EXPOSITION);
    await vm.forceFlush();
    const exported = await waitFor(
      'VictoriaMetrics to export all four samples',
      async () => {
        const res = await fetch(
          `${vm.url}/api/v1/export?${new URLSearchParams({ 'match[]': '{__name__=~"vm_.*"}' })}`,
        );
        const text = await res.text();
        const samples = (text.match(/\d{13}/g) ?? []).length;
        return samples >= 4 ? text : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    assert.match(exported, /\+Inf/, 'the export carries a bare +Inf');
    const res = await handleJsonImport(apiRequest({ path: '/api/v1/import', body: exported }), env.ctx);
    assert.equal(res.status, 204, res.body === undefined ? '' : Buffer.from(res.body).toString());
    const stored = storedSamples(env.db);
    assert.deepEqual(stored.get('vm_roundtrip{instance="h:1", job="a"}'), [
      [T, 1.5],
      [T + 15_000, 2.25],
    ]);
    assert.deepEqual(stored.get('vm_roundtrip{instance="h:2", job="b"}'), [[T, Number.POSITIVE_INFINITY]]);
    assert.deepEqual(stored.get('vm_other'), [[T + 1, -0.007]]);
  });
});
