import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from './errors.js';
import { apiRootOf, metricsUrlOf, parseUrlArg, resetUrlsOf } from './urls.js';

const url = (text: string) => parseUrlArg(text, 'test');

describe('URL arguments', () => {
  it('adds http:// to host:port and refuses other schemes', () => {
    assert.equal(url('127.0.0.1:9100/metrics').toString(), 'http://127.0.0.1:9100/metrics');
    assert.throws(() => url('ftp://x/metrics'), UsageError);
    assert.throws(() => url('http://'), UsageError);
  });
  it('a base URL means its /metrics; any other path is kept', () => {
    assert.equal(metricsUrlOf(url('http://127.0.0.1:9464')).toString(), 'http://127.0.0.1:9464/metrics');
    assert.equal(metricsUrlOf(url('http://127.0.0.1:9464/')).toString(), 'http://127.0.0.1:9464/metrics');
    assert.equal(metricsUrlOf(url('http://h/prom/metrics?x=1')).toString(), 'http://h/prom/metrics?x=1');
    assert.equal(metricsUrlOf(url('http://h/custom')).toString(), 'http://h/custom');
  });
  it('finds the API root under a prefix, dropping /api/v1/...', () => {
    assert.equal(apiRootOf(url('http://h:9090')), 'http://h:9090');
    assert.equal(apiRootOf(url('http://h:9090/')), 'http://h:9090');
    assert.equal(apiRootOf(url('http://h/prometheus/api/v1/query')), 'http://h/prometheus');
  });
  it('derives the reset endpoints to try', () => {
    assert.deepEqual(resetUrlsOf(url('http://h:9464')), [
      'http://h:9464/api/v1/admin/reset',
      'http://h:9464/metrics/reset',
    ]);
    assert.deepEqual(resetUrlsOf(url('http://h:3000/metrics')), ['http://h:3000/metrics/reset']);
    assert.deepEqual(resetUrlsOf(url('http://h:3000/app/metrics/')), ['http://h:3000/app/metrics/reset']);
    assert.deepEqual(resetUrlsOf(url('http://h:3000/custom/reset')), ['http://h:3000/custom/reset']);
  });
});
