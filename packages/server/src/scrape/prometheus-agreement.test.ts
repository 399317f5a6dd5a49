// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1}` is Prometheus's replacement syntax.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, type RunningPrometheus, startPrometheus, waitFor } from '@telemeter/testkit';
import { parseConfig } from '../config/index.js';
import type { TestExporter } from './testing/exporter.js';
import { type ScrapeFixture, scrapeFixture } from './testing/fixture.js';
import { readSeries } from './testing/harness.js';
import type { ActiveTarget, TargetsData } from './types.js';

// The same scrape config, given to the real Prometheus (Debian's 2.42) and to the scrape manager:
// the targets API and the stored series must come out the same. Every address is on 127.0.0.0/8.

const EXPOSITION = `# TYPE http_requests_total counter
http_requests_total{path="/api/users",job="exposed",instance="inner"} 5
ignored_metric 1
plain{exported_job="x"} 2
clash{job="exposed",exported_job="already"} 3
`;

function scrapeConfigYaml(exporter: string, closed: string): string {
  return `  - job_name: agree
    scrape_interval: 1s
    scrape_timeout: 1s
    params: {module: [http_2xx]}
    static_configs:
      - targets: ["${exporter}", "${closed}", "127.0.0.3:9"]
        labels: {env: prod, team: core}
    relabel_configs:
      - source_labels: [__address__]
        regex: '127\\.0\\.0\\.3:.*'
        action: drop
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__address__]
        regex: '([^:]+):(\\d+)'
        target_label: host_port
        replacement: '\${1}_\${2}'
      - source_labels: [team]
        target_label: team_upper
        action: uppercase
      - source_labels: [__address__]
        modulus: 7
        target_label: shard
        action: hashmod
      - regex: '(env|team)'
        replacement: 'x_\${1}'
        action: labelmap
      - regex: team
        action: labeldrop
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: 'ignored_.*'
        action: drop
      - source_labels: [path]
        regex: '/api/(.*)'
        target_label: endpoint
      - regex: path
        action: labeldrop
`;
}

type Comparable = Pick<
  ActiveTarget,
  'discoveredLabels' | 'labels' | 'scrapeUrl' | 'scrapeInterval' | 'scrapeTimeout' | 'scrapePool'
>;

function comparable(data: TargetsData): { active: Comparable[]; dropped: Record<string, string>[] } {
  const active = data.activeTargets
    .map(({ discoveredLabels, labels, scrapeUrl, scrapeInterval, scrapeTimeout, scrapePool }) => ({
      discoveredLabels: sorted(discoveredLabels),
      labels: sorted(labels),
      scrapeUrl,
      scrapeInterval,
      scrapeTimeout,
      scrapePool,
    }))
    .sort((a, b) => (a.scrapeUrl < b.scrapeUrl ? -1 : 1));
  return { active, dropped: data.droppedTargets.map((d) => sorted(d.discoveredLabels)) };
}

function sorted(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

describe('agreement with Prometheus 2.42 on the same scrape config', { timeout: 60_000 }, () => {
  let fx: ScrapeFixture;
  let exporter: TestExporter;
  let prometheus: RunningPrometheus;

  before(async () => {
    fx = scrapeFixture();
    exporter = await fx.exporter(EXPOSITION);
    const closed = `127.0.0.1:${await freePort()}`;
    const yaml = scrapeConfigYaml(exporter.address, closed);
    prometheus = await startPrometheus({ extraScrapeConfigYaml: yaml });
    const config = parseConfig(`scrape_configs:\n${yaml}`, 'agreement.yml');
    await fx.manager.applyConfig(config.scrapeConfigs, config.global);
    await waitFor(
      'both to have scraped',
      async () => {
        const ours = readSeries(fx.temp.db, { __name__: 'plain' }).length === 1;
        const theirs =
          (await prometheus.query('plain')).length === 1 &&
          (await prometheus.query('up{job="agree"}')).length === 2;
        return ours && theirs ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  });

  after(async () => {
    await prometheus?.stop();
    await fx?.close();
  });

  it('reports the same targets: discovered labels, labels, URLs, dropped targets', async () => {
    const res = await fetch(`${prometheus.url}/api/v1/targets`);
    const theirs = ((await res.json()) as { data: TargetsData }).data;
    assert.deepEqual(comparable(fx.manager.targets()), comparable(theirs));
    assert.equal(theirs.activeTargets.length, 2);
    assert.equal(theirs.droppedTargets.length, 1);
  });

  it('stores the same series: target labels, honor_labels conflicts, metric relabeling, report series', async () => {
    const theirs = (await prometheus.query('{job="agree"}')).map((r) => JSON.stringify(sorted(r.metric)));
    const ours = readSeries(fx.temp.db, { job: 'agree' }).map((s) => JSON.stringify(s.labels));
    assert.deepEqual(ours.sort(), theirs.sort());
    assert.ok(ours.some((s) => s.includes('"exported_exported_job":"exposed"')));
    assert.equal(
      ours.length,
      13,
      'three series and five report series of the live target, five of the closed one',
    );
  });
});
