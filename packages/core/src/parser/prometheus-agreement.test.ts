// Serves edge-case expositions to a real Prometheus and checks that parseExposition accepts
// exactly what Prometheus's scrape accepts (target up), apart from the deliberate differences
// marked `stricter`. For OpenMetrics, where we apply rules Prometheus does not check, the cases
// are ones Prometheus refuses (we must too) or valid expositions.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { requireBinary, startPrometheus, waitFor } from '@telemeter/testkit';
import { parseExposition } from './parse-exposition.js';

const prometheus = requireBinary('prometheus', 'prometheus');
const skipNote = prometheus.skip ? ` (skipped: ${prometheus.skip})` : '';

interface Case {
  text: string;
  openmetrics?: boolean;
  /** Why we refuse what Prometheus accepts. */
  stricter?: string;
}

const prom = (text: string, stricter?: string): Case => ({ text, stricter });
const om = (text: string): Case => ({ text, openmetrics: true });

const CASES: readonly Case[] = [
  // Accepted by both.
  prom('a 1\n'),
  prom('a{x="1" y="2"} 1\n'),
  prom('a{x="1",} 1\n'),
  prom('a{x="1"}1\n'),
  prom('a {x="1"} 1\n'),
  prom('a{ x = "1" } 1\n'),
  prom('a\t1\t2\n'),
  prom('a{x="1"} 1 \t\n'),
  prom('  # HELP a x\n   \n\t\na 1\n'),
  prom('#TYPE a gauge\na 1\n'),
  prom('# HELP a\na 1\n'),
  prom('# HELP a x\u0000y\na{x="a\u0000b"} 1\n'),
  prom('a 1'),
  prom('a{x="\\z"} 1\n'),
  prom('a -0\na Nan\na INF\na +infinity\na 00012\na .5\na 5.\na -.5e-3\n'),
  prom('a 1\na 2\n'),
  prom('# EOF\na 1\n'),
  prom('# TYPE a histogram\na 1\n'),
  prom('# HELP a x\n# HELP a y\na 1\n'),
  prom('a{_x="1",__x="1"} 1 1234567890123\n'),
  // Refused by both.
  prom('  a 1\n'),
  prom('a{x="1",,} 1\n'),
  prom('a{x="1",x="2"} 1\n'),
  prom('a{__name__="b"} 1\n'),
  prom('a 1\r\n'),
  prom('a 1 -5\n'),
  prom('a 1 99999999999999999999\n'),
  prom('a 1e400\n'),
  prom('a 0x1\n'),
  prom('a +nan\n'),
  prom('a 1_000\n'),
  prom('a infinit\n'),
  prom('# TYPE a  gauge\na 1\n'),
  prom('# TYPE a gauge \na 1\n'),
  prom('# TYPE a\na 1\n'),
  prom('# TYPE a unknown\na 1\n'),
  prom('{x="1"} 1\n'),
  prom('a.b 1\n'),
  prom('a{x="1\\"} 1\n'),
  prom('a{x="1"}{y="2"} 1\n'),
  prom('a 1 1 1\n'),
  prom('a{x="1"} 1 # {y="2"} 1\n'),
  prom('# HELP \na 1\n'),
  prom('# HELP a.b x\n# TYPE c=gauge\na 1\nc 1\n'),
  prom('# HELP aé x\na 1\n'),
  prom('h_count.5\nq_sum-0 1\n'),
  // Prometheus 2.42 ingests these, keeping the last TYPE; promtool and client_golang's parser refuse them.
  prom('# TYPE a gauge\n# TYPE a gauge\na 1\n', 'a second TYPE line makes the type ambiguous'),
  prom('a 1\n# TYPE a gauge\na 2\n', 'a TYPE after the samples gives one family two types'),
  // Prometheus's lexer lets a quoted label value run over a line break; the format requires "\n".
  prom('a{x="1\n2"} 1\n', 'a raw line break inside a label value'),
  // Prometheus's lexer takes a NUL outside a quoted value for the end of the input, and drops the rest.
  prom('a 1\n\u0000b 2\n', 'a NUL byte where a line should start'),
  // OpenMetrics that Prometheus refuses.
  om('a 1\n'),
  om('a{__name__="b"} 1\n# EOF\n'),
  om('a 1 1 \n# EOF\n'),
  om('a  1\n# EOF\n'),
  om('a{x="1",} 1\n# EOF\n'),
  om('a 1\n\n# EOF\n'),
  om('a{x="1",x="2"} 1\n# EOF\n'),
  om('# TYPE a gauge\na 1 # {x="1"} 1\n# EOF\n'),
  om('a 1\n# EOF\n\n'),
  // OpenMetrics both accept.
  om('# TYPE a counter\na_total 1 # {x="1"} 1\n# EOF\n'),
  om('a 1 1e3\n# EOF\n'),
];

function ourVerdict(c: Case): string {
  try {
    parseExposition(c.text, { format: c.openmetrics ? 'openmetrics' : 'prometheus' });
    return 'up';
  } catch (e) {
    return `down: ${(e as Error).message}`;
  }
}

describe('agreement with a real Prometheus scrape', () => {
  it(`accepts and refuses the same expositions as Prometheus 2.42${skipNote}`, {
    skip: prometheus.skip,
    timeout: 120_000,
  }, async () => {
    const server = createServer((req, res) => {
      const c = CASES[Number(req.url?.split('/')[2])];
      res.setHeader(
        'content-type',
        c?.openmetrics ? 'application/openmetrics-text; version=1.0.0' : 'text/plain; version=0.0.4',
      );
      res.end(c?.text ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const jobs = CASES.map(
      (_, i) =>
        `  - job_name: case${i}\n    metrics_path: /case/${i}\n    static_configs: [{targets: ['127.0.0.1:${port}']}]`,
    );
    const running = await startPrometheus({
      extraScrapeConfigYaml: jobs.join('\n'),
      scrapeIntervalSeconds: 1,
    });
    try {
      const health = await waitFor(
        'every case scraped once',
        async () => {
          const body = (await (await fetch(`${running.url}/api/v1/targets`)).json()) as {
            data: { activeTargets: { labels: { job: string }; health: string; lastError: string }[] };
          };
          const targets = body.data.activeTargets;
          if (targets.length !== CASES.length || targets.some((t) => t.health === 'unknown'))
            return undefined;
          return new Map(targets.map((t) => [Number(t.labels.job.slice(4)), t]));
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      const disagreements: string[] = [];
      CASES.forEach((c, i) => {
        const theirs = health.get(i)!;
        const ours = ourVerdict(c);
        const weAccept = ours === 'up';
        const theyAccept = theirs.health === 'up';
        const expected = c.stricter ? !weAccept && theyAccept : weAccept === theyAccept;
        if (!expected) {
          disagreements.push(
            `${JSON.stringify(c.text)}: Prometheus ${theirs.health} ${theirs.lastError}; we ${ours}`,
          );
        }
      });
      assert.deepEqual(disagreements, []);
    } finally {
      await running.stop();
      server.close();
    }
  });
});
