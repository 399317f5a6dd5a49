// Against a real Prometheus 2.42: it scrapes a target served here and remote-writes to
// handleRemoteWrite over a real DB (its snappy, its protobuf, its stale markers, its metadata), and
// it receives requests built by encodeWriteRequest + snappyCompress on its own remote-write receiver.

import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isStaleNaN, STALE_NAN } from '@telemeter/storage';
import { type RunningPrometheus, requireBinary, startPrometheus, waitFor } from '@telemeter/testkit';
import { handleRemoteWrite } from './remote-write.js';
import { snappyCompress, snappyUncompress } from './snappy.js';
import { apiRequest, openTempIngest, storedSamples, type TempIngest } from './testing/ingest-fixtures.js';
import { decodeWriteRequest } from './write-request-decode.js';
import { encodeWriteRequest } from './write-request-encode.js';

const prometheusBinary = requireBinary('prometheus', 'prometheus');

const EXPOSITION_WITH = `# HELP steady_gauge A gauge that stays.
# TYPE steady_gauge gauge
steady_gauge{kind="steady"} 42
# TYPE vanishing_gauge gauge
vanishing_gauge 1
`;
const EXPOSITION_WITHOUT = EXPOSITION_WITH.split('# TYPE vanishing_gauge')[0] as string;

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('remote write with a real Prometheus', { skip: prometheusBinary.skip, timeout: 90_000 }, () => {
  let env: TempIngest;
  let server: Server;
  let prometheus: RunningPrometheus;
  let exposition = EXPOSITION_WITH;
  const received: { headers: IncomingMessage['headers']; body: Buffer; status: number }[] = [];

  before(async () => {
    env = openTempIngest({}, Date.now);
    server = createServer((req, res) => {
      void (async () => {
        if (req.method === 'GET' && req.url === '/metrics') {
          res.setHeader('content-type', 'text/plain; version=0.0.4');
          res.end(exposition);
          return;
        }
        const body = await readAll(req);
        const answer = await handleRemoteWrite(
          apiRequest({ path: req.url ?? '/', headers: req.headers, body }),
          env.ctx,
        );
        received.push({ headers: req.headers, body, status: answer.status });
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    prometheus = await startPrometheus({
      targets: [`127.0.0.1:${port}`],
      remoteWriteReceiver: true,
      rulesYaml: 'groups: [{name: g, rules: [{record: "telemeter_test:rule", expr: "vector(7)"}]}]\n',
      extraConfigYaml: [
        'remote_write:',
        `  - url: "http://127.0.0.1:${port}/api/v1/write"`,
        '    queue_config: {batch_send_deadline: 1s}',
        '    metadata_config: {send: true, send_interval: 1s}',
      ].join('\n'),
    });
  });

  after(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => server?.close(resolve));
    await env?.close();
  });

  it('stores what Prometheus scrapes, records and marks stale, bit-exact', async () => {
    await waitFor(
      'two scrapes of the target stored',
      async () =>
        [...storedSamples(env.db)].some(([k, v]) => k.startsWith('up{') && v.length >= 2) ? true : undefined,
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    exposition = EXPOSITION_WITHOUT;
    await waitFor(
      'a stale marker for the series that vanished',
      async () => {
        const points = [...storedSamples(env.db)].find(([k]) => k.startsWith('vanishing_gauge{'))?.[1] ?? [];
        return points.some(([, v]) => isStaleNaN(v)) ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    const stored = storedSamples(env.db);
    const find = (prefix: string) => [...stored].find(([k]) => k.startsWith(prefix));
    const up = find('up{');
    assert.ok(up, [...stored.keys()].join('\n'));
    assert.match(up[0], /instance="127\.0\.0\.1:\d+", job="target"/);
    assert.ok(up[1].every(([, v]) => v === 1));
    assert.ok(find('steady_gauge{')?.[1].every(([, v]) => v === 42));
    assert.ok(find('scrape_duration_seconds{'));
    assert.ok(find('telemeter_test:rule')?.[1].every(([, v]) => v === 7));
    const vanishing = find('vanishing_gauge{')?.[1] ?? [];
    assert.equal(vanishing[0]?.[1], 1);
    assert.ok(isStaleNaN(vanishing[vanishing.length - 1]?.[1] as number));

    assert.ok(received.length > 0);
    for (const r of received) {
      assert.equal(r.status, 204);
      assert.equal(r.headers['content-encoding'], 'snappy');
      assert.equal(r.headers['content-type'], 'application/x-protobuf');
      assert.equal(r.headers['x-prometheus-remote-write-version'], '0.1.0');
    }
  });

  it('decodes Prometheus’s own snappy bytes, and its metadata', async () => {
    await waitFor(
      'metadata of the scraped gauge',
      async () => (env.db.metadata('steady_gauge').get('steady_gauge') ? true : undefined),
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    assert.deepEqual(env.db.metadata('steady_gauge').get('steady_gauge'), {
      type: 'gauge',
      help: 'A gauge that stays.',
      unit: '',
    });
    for (const { body } of received) {
      const raw = snappyUncompress(body, 1 << 24);
      const req = decodeWriteRequest(raw);
      assert.ok(req.timeseries.length > 0 || (req.metadata?.length ?? 0) > 0);
      // Our encoder's output for the same data decodes to the same request.
      assert.deepEqual(
        decodeWriteRequest(snappyUncompress(snappyCompress(encodeWriteRequest(req)), 1 << 24)),
        req,
      );
    }
  });

  it('writes requests that Prometheus’s receiver accepts', async () => {
    const t = Date.now() - 2000;
    const timeseries = Array.from({ length: 500 }, (_, i) => ({
      labels: [
        { name: '__name__', value: 'telemeter_encoded' },
        { name: 'instance', value: `host-${i % 25}.example:9100` },
        { name: 'series', value: String(i) },
      ],
      samples: [
        { value: i * 0.5, timestamp: t - 1000 },
        { value: i === 0 ? STALE_NAN : i * 0.5 + 1, timestamp: t },
      ],
    }));
    const body = snappyCompress(encodeWriteRequest({ timeseries }));
    const res = await fetch(prometheus.remoteWriteUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-protobuf',
        'content-encoding': 'snappy',
        'x-prometheus-remote-write-version': '0.1.0',
      },
      body,
    });
    assert.equal(res.status, 204, await res.text());
    const time = t / 1000;
    const count = await prometheus.query('count(telemeter_encoded)', time);
    // Series 0 ends in a stale marker, so Prometheus no longer returns it.
    assert.equal(count[0]?.value?.[1], '499');
    const one = await prometheus.query('telemeter_encoded{series="7"}', time);
    assert.equal(one[0]?.value?.[1], '4.5');
    assert.equal(one[0]?.metric.instance, 'host-7.example:9100');
    const before = await prometheus.query('telemeter_encoded{series="0"}', time - 0.5);
    assert.equal(before[0]?.value?.[1], '0');
  });
});
