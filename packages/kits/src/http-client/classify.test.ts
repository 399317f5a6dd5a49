import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorTypeOf as errorType } from '../shared/error-type.js';
import { methodLabel } from '../shared/http-method.js';
import { isAbort, OTHER, statusLabel } from './classify.js';
import { hostWithPort, originAddress, ServerAddresses } from './server-address.js';

describe('label classification', () => {
  it('keeps known methods and maps the rest to _OTHER', () => {
    assert.equal(methodLabel('GET'), 'GET');
    assert.equal(methodLabel('PATCH'), 'PATCH');
    assert.equal(methodLabel('get'), OTHER);
    assert.equal(methodLabel('PROPFIND'), OTHER);
    assert.equal(methodLabel(undefined), OTHER);
  });

  it('maps statuses to classes or in-range codes', () => {
    assert.equal(statusLabel(204, 'class'), '2xx');
    assert.equal(statusLabel(599, 'class'), '5xx');
    assert.equal(statusLabel(404, 'code'), '404');
    assert.equal(statusLabel(99, 'class'), OTHER);
    assert.equal(statusLabel(600, 'code'), OTHER);
    assert.equal(statusLabel(Number.NaN, 'code'), OTHER);
  });

  it('turns errors into bounded codes or class names', () => {
    assert.equal(
      errorType(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:80'), { code: 'ECONNREFUSED' })),
      'ECONNREFUSED',
    );
    assert.equal(errorType(new DOMException('aborted', 'AbortError')), 'AbortError');
    assert.equal(errorType(new TypeError('bad')), 'TypeError');
    class QuotaError extends Error {}
    assert.equal(errorType(new QuotaError('x')), 'QuotaError');
    assert.equal(errorType(new Error('plain')), 'Error');
    assert.equal(errorType('a string'), OTHER);
    assert.equal(errorType(null), OTHER);
    assert.equal(errorType({ code: 'X'.repeat(100) }).length, 64);
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
      },
    );
    assert.equal(errorType(hostile), OTHER);
    assert.ok(isAbort('AbortError') && isAbort('UND_ERR_ABORTED') && isAbort('ABORT_ERR'));
    assert.ok(!isAbort('TimeoutError') && !isAbort('UND_ERR_HEADERS_TIMEOUT'));
  });

  it('derives host:port from origins and Host headers', () => {
    assert.equal(originAddress('http://Example.com'), 'example.com:80');
    assert.equal(originAddress('https://api.example.com'), 'api.example.com:443');
    assert.equal(originAddress('https://api.example.com:8443/'), 'api.example.com:8443');
    assert.equal(originAddress('http://user:pw@host:81'), 'host:81');
    assert.equal(originAddress('https://[::1]'), '[::1]:443');
    assert.equal(originAddress('http://[::1]:8080'), '[::1]:8080');
    assert.equal(hostWithPort('::1', '80'), '[::1]:80');
    assert.equal(hostWithPort('localhost', ''), 'localhost');
  });

  it('caches hostLabel results per origin', () => {
    let calls = 0;
    const addresses = new ServerAddresses((origin) => {
      calls++;
      return origin.includes('shard') ? 'shards' : 'other';
    });
    assert.equal(addresses.of('https://shard-1.example.com'), 'shards');
    assert.equal(addresses.of('https://shard-1.example.com'), 'shards');
    assert.equal(addresses.of('https://other.example.com'), 'other');
    assert.equal(calls, 2);
  });
});
