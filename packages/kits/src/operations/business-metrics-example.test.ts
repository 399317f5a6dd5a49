// Runs examples/business-metrics.mjs as a child process and checks what it prints: promtool's
// checks, the families and their types, label discipline, and that the numbers add up.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type ParsedFamily, parseExposition } from '@telemeter/core';
import { promtoolCheckMetrics, requireBinary } from '@telemeter/testkit';

const example = fileURLToPath(new URL('../../../../../examples/business-metrics.mjs', import.meta.url));

async function runExample(format: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [example, format], { timeout: 60_000 });
  return stdout;
}

const sum = (
  family: ParsedFamily | undefined,
  filter: (labels: Record<string, string>) => boolean = () => true,
) => (family?.samples ?? []).filter((s) => filter(s.labels)).reduce((total, s) => total + s.value, 0);

describe('examples/business-metrics.mjs', () => {
  it('passes promtool check metrics without a lint warning', {
    skip: requireBinary('promtool', 'prometheus').skip,
  }, async () => {
    const result = await promtoolCheckMetrics(await runExample('prometheus'));
    assert.deepEqual(result, { exitCode: 0, parseErrors: [], lintWarnings: [] });
  });

  it('defines the domain families with the right types, units and bounded labels', async () => {
    const families = parseExposition(await runExample('openmetrics'), { format: 'openmetrics' });
    const byName = new Map(families.map((f) => [f.name, f]));
    const expected: Record<string, [ParsedFamily['type'], string[]]> = {
      autodev_info: ['gauge', ['version']],
      autodev_issues_processed: ['counter', ['outcome', 'kind']],
      autodev_pull_requests_created: ['counter', ['repository']],
      autodev_pull_requests_merged: ['counter', ['repository']],
      autodev_escalations: ['counter', ['reason']],
      autodev_active_loops: ['gauge', []],
      autodev_pending_approvals: ['gauge', []],
      autodev_queue_depth: ['gauge', ['queue']],
      autodev_issue_completion_duration_seconds: ['histogram', ['outcome']],
      autodev_ai_request_duration_seconds: ['histogram', ['model', 'purpose']],
      autodev_ai_tokens: ['counter', ['model', 'type']],
      autodev_test_execution_duration_seconds: ['histogram', ['suite']],
      autodev_rate_limits: ['counter', ['api']],
      autodev_step_calls: ['counter', ['step', 'outcome']],
      autodev_step_duration_seconds: ['histogram', ['step', 'outcome']],
    };
    for (const [name, [type, labels]] of Object.entries(expected)) {
      const family = byName.get(name);
      assert.ok(family, `${name} is exposed`);
      assert.equal(family.type, type, name);
      if (name.endsWith('_seconds')) assert.equal(family.unit, 'seconds', name);
      for (const sample of family.samples) {
        const own = Object.keys(sample.labels).filter(
          (l) => l !== 'service' && l !== 'le' && l !== 'quantile',
        );
        assert.deepEqual(own.sort(), [...labels].sort(), `${name} labels`);
      }
    }
    // No per-entity label anywhere: ids, numbers, URLs, users, branches, messages.
    const forbidden =
      /^(id|issue|issue_id|number|pr|url|user|login|branch|sha|message|prompt|error_message)$/;
    for (const family of families)
      for (const sample of family.samples)
        for (const label of Object.keys(sample.labels)) assert.doesNotMatch(label, forbidden, family.name);

    const issues = byName.get('autodev_issues_processed');
    assert.equal(sum(issues), 40, 'every simulated issue reached a terminal state once');
    for (const repository of ['acme/api', 'acme/web', 'acme/infra']) {
      const created = sum(byName.get('autodev_pull_requests_created'), (l) => l.repository === repository);
      const merged = sum(byName.get('autodev_pull_requests_merged'), (l) => l.repository === repository);
      assert.ok(merged <= created, `${repository}: ${merged} merged of ${created} created`);
    }
    const completed = sum(issues, (l) => l.outcome === 'completed');
    const completionCount = byName
      .get('autodev_issue_completion_duration_seconds')
      ?.samples.find((s) => s.name.endsWith('_count') && s.labels.outcome === 'completed');
    assert.equal(completionCount?.value, completed);
    assert.equal(sum(byName.get('autodev_active_loops')), 0, 'every loop finished');
    assert.equal(
      sum(byName.get('autodev_step_calls'), (l) => l.step === 'plan'),
      sum(issues, (l) => l.outcome !== 'skipped'),
      'one plan step per issue that was not skipped',
    );
    const buckets = byName
      .get('autodev_issue_completion_duration_seconds')
      ?.samples.filter((s) => s.name.endsWith('_bucket') && s.labels.outcome === 'completed')
      .map((s) => s.labels.le);
    assert.deepEqual(buckets, [
      '60.0',
      '300.0',
      '600.0',
      '1800.0',
      '3600.0',
      '7200.0',
      '14400.0',
      '28800.0',
      '86400.0',
      '259200.0',
      '+Inf',
    ]);
  });
});
