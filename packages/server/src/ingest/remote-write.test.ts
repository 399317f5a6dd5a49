import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { isStaleNaN, STALE_NAN } from '@telemeter/storage';
import { handleRemoteWrite } from './remote-write.js';
import { snappyCompress } from './snappy.js';
import {
  apiRequest,
  appendedCount,
  metricValue,
  openTempIngest,
  REMOTE_WRITE_HEADERS,
  storedSamples,
  type TempIngest,
} from './testing/ingest-fixtures.js';
import type { WriteRequest, WriteTimeSeries } from './write-request.js';
import { encodeWriteRequest } from './write-request-encode.js';

const T0 = 1_700_000_000_000;

function series(name: string, extra: Record<string, string>, samples: [number, number][]): WriteTimeSeries {
  return {
    labels: [
      { name: '__name__', value: name },
      ...Object.entries(extra).map(([n, value]) => ({ name: n, value })),
    ],
    samples: samples.map(([timestamp, value]) => ({ timestamp, value })),
  };
}

function body(req: WriteRequest): Uint8Array {
  return snappyCompress(encodeWriteRequest(req));
}

async function send(
  env: TempIngest,
  req: WriteRequest | Uint8Array,
  headers: IncomingHttpHeaders = REMOTE_WRITE_HEADERS,
) {
  const bytes = req instanceof Uint8Array ? req : body(req);
  const res = await handleRemoteWrite(apiRequest({ path: '/api/v1/write', headers, body: bytes }), env.ctx);
  const text = res.body === undefined ? '' : Buffer.from(res.body).toString();
  return {
    status: res.status,
    error: text === '' ? undefined : (JSON.parse(text) as { error: string; code: string }),
  };
}

async function refused(
  env: TempIngest,
  req: WriteRequest | Uint8Array,
  status: number,
  headers: IncomingHttpHeaders = REMOTE_WRITE_HEADERS,
) {
  const before = appendedCount(env.db);
  const res = await send(env, req, headers);
  assert.equal(res.status, status, JSON.stringify(res.error));
  assert.equal(appendedCount(env.db), before, 'a refused request writes nothing');
  return res.error as { error: string; code: string };
}

describe('handleRemoteWrite', () => {
  let env: TempIngest;
  before(() => {
    env = openTempIngest({
      maxSeriesPerRequest: 50,
      maxSamplesPerRequest: 100,
      maxDecompressedBytes: 64 * 1024,
    });
  });
  after(() => env.close());

  it('stores samples and metadata with one commit and answers 204', async () => {
    const req: WriteRequest = {
      timeseries: [
        series('http_requests_total', { job: 'api', code: '200' }, [
          [T0, 1],
          [T0 + 15_000, 3],
        ]),
        // Labels out of order and an empty value: sorted, and the empty label dropped.
        {
          labels: [
            { name: 'zone', value: 'a' },
            { name: '__name__', value: 'temp_celsius' },
            { name: 'empty', value: '' },
          ],
          samples: [{ timestamp: T0, value: -4.5 }],
        },
      ],
      metadata: [{ type: 'counter', metricFamilyName: 'http_requests_total', help: 'Requests.', unit: '' }],
    };
    const bytes = body(req);
    assert.equal((await send(env, bytes)).status, 204);
    const stored = storedSamples(env.db);
    assert.deepEqual(stored.get('http_requests_total{code="200", job="api"}'), [
      [T0, 1],
      [T0 + 15_000, 3],
    ]);
    assert.deepEqual(stored.get('temp_celsius{zone="a"}'), [[T0, -4.5]]);
    assert.deepEqual(env.db.metadata('http_requests_total').get('http_requests_total'), {
      type: 'counter',
      help: 'Requests.',
      unit: '',
    });
    assert.equal(
      await metricValue(env.registry, 'telemeter_ingest_requests_total{protocol="remote_write",code="204"}'),
      1,
    );
    assert.equal(
      await metricValue(env.registry, 'telemeter_ingest_samples_total{protocol="remote_write"}'),
      3,
    );
    assert.equal(
      await metricValue(env.registry, 'telemeter_ingest_request_bytes_total{protocol="remote_write"}'),
      bytes.length,
    );
  });

  it('keeps stale markers bit-exact', async () => {
    assert.equal(
      (
        await send(env, {
          timeseries: [
            series('stale_me', {}, [
              [T0, 7],
              [T0 + 1000, STALE_NAN],
            ]),
          ],
        })
      ).status,
      204,
    );
    const points = storedSamples(env.db).get('stale_me') ?? [];
    assert.equal(points.length, 2);
    assert.ok(isStaleNaN(points[1]?.[1] as number));
  });

  it('answers 204 for samples the store rejects, and counts them by reason', async () => {
    assert.equal((await send(env, { timeseries: [series('ooo', {}, [[T0 + 5000, 1]])] })).status, 204);
    const res = await send(env, {
      timeseries: [
        series('ooo', {}, [
          [T0 + 1000, 1],
          [T0 + 5000, 2],
          [T0 + 6000, 3],
        ]),
      ],
    });
    assert.equal(res.status, 204);
    assert.deepEqual(storedSamples(env.db).get('ooo'), [
      [T0 + 5000, 1],
      [T0 + 6000, 3],
    ]);
    const rejected = (reason: string) =>
      metricValue(
        env.registry,
        `telemeter_ingest_samples_rejected_total{protocol="remote_write",reason="${reason}"}`,
      );
    assert.equal(await rejected('out_of_order'), 1);
    assert.equal(await rejected('duplicate'), 1);
  });

  it('counts native histogram samples as not stored', async () => {
    // TimeSeries{labels:[__name__="nh"], histograms:[{}]}: field 4 is not in encodeWriteRequest.
    const label = `0a08${Buffer.from('__name__').toString('hex')}1202${Buffer.from('nh').toString('hex')}`;
    const raw = Buffer.from(`0a12 0a0e${label} 2200`.replace(/ /g, ''), 'hex');
    assert.equal((await send(env, snappyCompress(raw))).status, 204);
    assert.equal(
      await metricValue(
        env.registry,
        'telemeter_ingest_samples_rejected_total{protocol="remote_write",reason="native_histogram"}',
      ),
      1,
    );
  });

  it('reads labels sent after the samples, also when the leading ones are cached', async () => {
    // The content of a one-series WriteRequest is that TimeSeries; concatenated contents merge
    // (repeated fields append), which puts `job` after the sample.
    const inner = (ts: WriteTimeSeries) => Buffer.from(encodeWriteRequest({ timeseries: [ts] }).subarray(2));
    const wrap = (content: Buffer) =>
      snappyCompress(Buffer.concat([Buffer.from([0x0a, content.length]), content]));
    const leading = inner(series('late', {}, [[T0, 1]]));
    const split = Buffer.concat([
      inner(series('late', {}, [[T0 + 1000, 2]])),
      inner({ labels: [{ name: 'job', value: 'x' }], samples: [] }),
    ]);
    assert.equal((await send(env, wrap(leading))).status, 204);
    assert.equal((await send(env, wrap(split))).status, 204);
    const stored = storedSamples(env.db);
    assert.deepEqual(stored.get('late'), [[T0, 1]]);
    assert.deepEqual(stored.get('late{job="x"}'), [[T0 + 1000, 2]]);
  });

  it('refuses the whole request for one invalid label, naming series and label', async () => {
    const ok = series('fine', {}, [[T0, 1]]);
    const err = await refused(
      env,
      {
        timeseries: [
          ok,
          ok,
          ok,
          {
            labels: [
              { name: '__name__', value: 'x' },
              { name: '1x', value: 'v' },
            ],
            samples: [{ timestamp: T0, value: 1 }],
          },
        ],
      },
      400,
    );
    assert.equal(
      err.error,
      'remote-write: timeseries[3].labels[1]: label name "1x" is invalid: names match [a-zA-Z_][a-zA-Z0-9_]*',
    );
    assert.equal(err.code, 'TM_INGEST_INVALID_LABELS');
    // Refused labels are not cached: the same request is refused again.
    await refused(env, { timeseries: [{ labels: [{ name: '1x', value: 'v' }], samples: [] }] }, 400);
  });

  it('follows Prometheus: a metric name is required, names are unique and valid', async () => {
    const l = (name: string, value: string) => ({ name, value });
    const noName =
      'remote-write: timeseries[0]: series has no metric name (label __name__), which Prometheus requires';
    const cases: [ReturnType<typeof l>[], string][] = [
      [[l('job', 'a')], noName],
      [[l('__name__', ''), l('job', 'a')], noName],
      [
        [l('__name__', 'a'), l('job', 'x'), l('job', 'y')],
        'remote-write: timeseries[0].labels[2]: duplicate label name "job"',
      ],
      [
        [l('b', '1'), l('__name__', 'm'), l('b', '2')],
        'remote-write: timeseries[0].labels[2]: duplicate label name "b"',
      ],
      [
        [l('__name__', 'a-b')],
        'remote-write: timeseries[0].labels[0]: metric name "a-b" is invalid: names match [a-zA-Z_:][a-zA-Z0-9_:]*',
      ],
      [
        [l('__name__', 'a'), l('', 'v')],
        'remote-write: timeseries[0].labels[1]: label name "" is invalid: names match [a-zA-Z_][a-zA-Z0-9_]*',
      ],
    ];
    for (const [labels, message] of cases) {
      const err = await refused(
        env,
        { timeseries: [{ labels, samples: [{ timestamp: T0, value: 1 }] }] },
        400,
      );
      assert.equal(err.error, message);
    }
  });

  it('refuses corrupt snappy and bad protobuf with 400', async () => {
    const err = await refused(env, Uint8Array.from([0x10, 0x10, 1, 2]), 400);
    assert.equal(err.code, 'TM_INGEST_SNAPPY_CORRUPT');
    assert.match(err.error, /^snappy: corrupt input at offset 1: /);
    const proto = await refused(env, snappyCompress(Uint8Array.from([0x0a, 0x05, 0x12])), 400);
    assert.equal(
      proto.error,
      'remote-write: length 5 runs past the end of its message (1 bytes left) at offset 1',
    );
  });

  it('refuses requests over the limits with 413', async () => {
    const many = (n: number, samples: number) =>
      Array.from({ length: n }, (_, i) =>
        series(
          'lim',
          { i: String(i) },
          Array.from({ length: samples }, (_, k) => [T0 + k, k]),
        ),
      );
    const s = await refused(env, { timeseries: many(51, 1) }, 413);
    assert.equal(
      s.error,
      'remote-write: 51 series exceed the limit of 50 per request (ingestion.max_series_per_request); send smaller batches',
    );
    const n = await refused(env, { timeseries: many(10, 11) }, 413);
    assert.match(n.error, /110 samples exceed the limit of 100/);
    const big = await refused(env, snappyCompress(new Uint8Array(64 * 1024 + 1)), 413);
    assert.equal(big.code, 'TM_INGEST_TOO_LARGE');
    assert.match(big.error, /decompressed size 65537 bytes exceeds the limit of 65536 bytes/);
  });

  it('answers 415 for anything but snappy protobuf remote write 1.0', async () => {
    const req = { timeseries: [series('hdr', {}, [[T0, 1]])] };
    const cases: [IncomingHttpHeaders, RegExp][] = [
      [{ 'content-type': 'application/x-protobuf' }, /Content-Encoding: snappy is required/],
      [{ ...REMOTE_WRITE_HEADERS, 'content-encoding': 'gzip' }, /Content-Encoding "gzip" is not supported/],
      [{ 'content-encoding': 'snappy' }, /Content-Type: application\/x-protobuf is required/],
      [
        { ...REMOTE_WRITE_HEADERS, 'content-type': 'application/json' },
        /Content-Type "application\/json" is not supported/,
      ],
      [
        {
          ...REMOTE_WRITE_HEADERS,
          'content-type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request',
        },
        /proto=io.prometheus.write.v2.Request is not supported/,
      ],
      [
        { ...REMOTE_WRITE_HEADERS, 'x-prometheus-remote-write-version': '2.0.0' },
        /Version "2.0.0" is not supported/,
      ],
    ];
    for (const [headers, message] of cases) {
      const err = await refused(env, req, 415, headers);
      assert.equal(err.code, 'TM_INGEST_UNSUPPORTED_MEDIA_TYPE');
      assert.match(err.error, message);
    }
    const named = {
      'content-type': 'application/x-protobuf; proto=prometheus.WriteRequest',
      'content-encoding': 'snappy',
    };
    assert.equal((await send(env, req, named)).status, 204);
    assert.ok(
      await metricValue(env.registry, 'telemeter_ingest_requests_total{protocol="remote_write",code="415"}'),
    );
  });

  it('answers 503 once the store is closed', async () => {
    const closing = openTempIngest();
    await closing.db.close();
    const res = await send(closing, { timeseries: [series('late', {}, [[T0, 1]])] });
    assert.equal(res.status, 503);
    assert.equal(res.error?.code, 'TM_STORAGE_CLOSED');
    await closing.close().catch(() => {});
  });
});
