import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultConfig, type RunningServer, startServer } from '@telemeter/server';
import fc from 'fast-check';
import {
  ApiClient,
  ApiRequestError,
  buildApiUrl,
  parseErrorPosition,
  parseSampleValue,
  toApiTime,
} from './api.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

describe('parseErrorPosition', () => {
  test('reads line, column and the bare message, with or without the parameter prefix', () => {
    assert.deepEqual(parseErrorPosition('1:15: parse error: unclosed left parenthesis'), {
      position: { line: 1, column: 15 },
      detail: 'unclosed left parenthesis',
    });
    assert.deepEqual(parseErrorPosition('invalid parameter "query": 2:16: parse error: unexpected ")"'), {
      position: { line: 2, column: 16 },
      detail: 'unexpected ")"',
    });
    assert.deepEqual(parseErrorPosition('invalid parameter "match[]": 1:4: parse error: unexpected "}"'), {
      position: { line: 1, column: 4 },
      detail: 'unexpected "}"',
    });
  });

  test('reads a position range', () => {
    assert.deepEqual(parseErrorPosition('1:3-1:9: parse error: bad'), {
      position: { line: 1, column: 3, end: { line: 1, column: 9 } },
      detail: 'bad',
    });
  });

  test('leaves other messages alone', () => {
    for (const message of [
      'invalid parameter "step": cannot parse "fast" to a valid duration',
      'query timed out in expression evaluation',
      'invalid position: parse error: what',
      'PromQL info: metric might not be a counter (1:6)',
    ]) {
      assert.equal(parseErrorPosition(message), undefined, message);
    }
  });

  test('any line, column and message round-trip', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.string(),
        fc.boolean(),
        (line, column, detail, prefixed) => {
          const message = `${prefixed ? 'invalid parameter "query": ' : ''}${line}:${column}: parse error: ${detail}`;
          assert.deepEqual(parseErrorPosition(message), { position: { line, column }, detail });
        },
      ),
    );
  });
});

describe('URL building and values', () => {
  test('parameters are encoded, arrays repeat, undefined is left out', () => {
    assert.equal(
      buildApiUrl('', '/series', { 'match[]': ['up', '{job="a b"}'], start: '1.5', end: undefined }),
      '/api/v1/series?match%5B%5D=up&match%5B%5D=%7Bjob%3D%22a+b%22%7D&start=1.5',
    );
    assert.equal(buildApiUrl('http://h:1/', '/targets'), 'http://h:1/api/v1/targets');
    assert.equal(buildApiUrl('', '/query', { query: 'a+b' }), '/api/v1/query?query=a%2Bb');
  });

  test('Grafana export links name the dashboard, and the panel when one is meant', () => {
    const api = new ApiClient({ baseUrl: 'http://h:1' });
    assert.equal(api.grafanaExportUrl('api'), 'http://h:1/api/v1/dashboards/api/grafana');
    assert.equal(api.grafanaExportUrl('api', 0), 'http://h:1/api/v1/dashboards/api/grafana?panel=0');
    assert.equal(new ApiClient().grafanaExportUrl('a-b', 12), '/api/v1/dashboards/a-b/grafana?panel=12');
  });

  test('times go out as unix seconds with at most millisecond decimals', () => {
    assert.equal(toApiTime(1_700_000_600_500), '1700000600.5');
    assert.equal(toApiTime(1_700_000_000_000), '1700000000');
    assert.equal(toApiTime(15_000.4), '15');
  });

  test('Go-formatted values become numbers', () => {
    assert.equal(parseSampleValue('+Inf'), Number.POSITIVE_INFINITY);
    assert.equal(parseSampleValue('-Inf'), Number.NEGATIVE_INFINITY);
    assert.ok(Number.isNaN(parseSampleValue('NaN')));
    assert.equal(parseSampleValue('1e-07'), 1e-7);
    assert.equal(parseSampleValue('0.7333333333333333'), 0.7333333333333333);
  });
});

describe('ApiClient against a running server', () => {
  let server: RunningServer;
  let dataDir: string;
  let api: ApiClient;
  const t0 = 1_700_000_000_000;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'telemeter-dashboard-api-'));
    const base = defaultConfig();
    server = await startServer({
      config: {
        ...base,
        listen: { host: '127.0.0.1', port: 0 },
        storage: { ...base.storage, path: dataDir },
        selfMonitoring: { ...base.selfMonitoring, enabled: false, system: false },
      },
      logger: quiet,
    });
    api = new ApiClient({ baseUrl: server.url });
    const lines = [
      '# HELP jobs_total Jobs done.',
      '# TYPE jobs_total counter',
      ...[0, 1, 2, 3, 4].map((i) => `jobs_total{queue="a"} ${i * 10} ${t0 + i * 15_000}`),
      ...[0, 1, 2, 3, 4].map((i) => `jobs_total{queue="b"} ${i} ${t0 + i * 15_000}`),
    ];
    const res = await fetch(`${server.url}/api/v1/import/prometheus`, {
      method: 'POST',
      body: `${lines.join('\n')}\n`,
    });
    assert.equal(res.status, 204, await res.text());
  });
  after(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('an instant query answers numbers at millisecond times', async () => {
    const answer = await api.query('sum(jobs_total)', t0 + 60_000);
    assert.equal(answer.resultType, 'vector');
    assert.deepEqual(answer.result, [{ metric: {}, value: [t0 + 60_000, 44] }]);
    assert.deepEqual(answer.warnings, []);
    const scalar = await api.query('1/0', t0);
    assert.deepEqual(scalar.result, [t0, Number.POSITIVE_INFINITY]);
  });

  test('a range query answers every step', async () => {
    const answer = await api.queryRange('jobs_total{queue="b"}', t0, t0 + 30_000, 15_000);
    assert.deepEqual(
      answer.result.map((s) => s.values),
      [
        [
          [t0, 0],
          [t0 + 15_000, 1],
          [t0 + 30_000, 2],
        ],
      ],
    );
  });

  test('a long query goes as a POST body', async () => {
    const long = `jobs_total{queue="a"}${' + 0'.repeat(2000)}`;
    const answer = await api.query(long, t0 + 60_000);
    assert.equal(answer.resultType, 'vector');
    assert.equal(answer.result[0]?.value[1], 40);
  });

  test('labels, label values, series, metadata, targets, format_query', async () => {
    assert.deepEqual(await api.labels(['jobs_total']), ['__name__', 'queue']);
    assert.deepEqual(await api.labelValues('queue'), ['a', 'b']);
    assert.deepEqual(await api.labelValues('__name__', ['{queue="a"}']), ['jobs_total']);
    assert.deepEqual(await api.series(['jobs_total{queue="b"}']), [{ __name__: 'jobs_total', queue: 'b' }]);
    const metadata = await api.metadata();
    assert.equal(metadata.jobs?.[0]?.help ?? metadata.jobs_total?.[0]?.help, 'Jobs done.');
    const targets = await api.targets();
    assert.ok(Array.isArray(targets.activeTargets));
    assert.equal(
      await api.formatQuery('sum(rate(jobs_total[5m]))by(queue)'),
      'sum by (queue) (rate(jobs_total[5m]))',
    );
  });

  test('a parse error carries its position, from every endpoint that parses', async () => {
    const bad = 'sum(rate(x[5m]';
    for (const attempt of [
      () => api.query(bad),
      () => api.queryRange(bad, t0, t0 + 60_000, 15_000),
      () => api.formatQuery(bad),
    ]) {
      await assert.rejects(attempt(), (err: unknown) => {
        assert.ok(err instanceof ApiRequestError);
        assert.equal(err.errorType, 'bad_data');
        assert.equal(err.code, 'TM_API_BAD_DATA');
        assert.equal(err.status, 400);
        assert.deepEqual(err.position, { line: 1, column: 15 });
        assert.equal(err.detail, 'unclosed left parenthesis');
        return true;
      });
    }
    await assert.rejects(api.query('sum(\n  rate(x[5m]) +)'), { position: { line: 2, column: 16 } });
    await assert.rejects(api.series(['up{']), (err: unknown) => {
      assert.ok(err instanceof ApiRequestError);
      assert.equal(err.position?.line, 1);
      return true;
    });
  });

  test('other errors keep their type and have no position', async () => {
    await assert.rejects(api.queryRange('jobs_total', t0 + 60_000, t0, 15_000), (err: unknown) => {
      assert.ok(err instanceof ApiRequestError);
      assert.equal(err.errorType, 'bad_data');
      assert.equal(err.position, undefined);
      assert.match(err.message, /end timestamp must not be before start time/);
      return true;
    });
  });
});

describe('ApiClient when the answer is not the API', () => {
  let server: Server;
  let url: string;
  before(async () => {
    server = createServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>Bad Gateway</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('an HTML error page is a bad_response with the status', async () => {
    await assert.rejects(new ApiClient({ baseUrl: url }).targets(), {
      name: 'ApiRequestError',
      errorType: 'bad_response',
      code: 'TM_API_BAD_RESPONSE',
      status: 502,
    });
  });

  test('a closed port is unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(new ApiClient({ baseUrl: `http://127.0.0.1:${port}` }).targets(), {
      errorType: 'unavailable',
      status: 0,
    });
  });
});
