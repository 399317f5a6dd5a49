import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { acceptsGzip, parseAcceptHeader, prefersJson } from './accept.js';

// What Prometheus 2.x sends when scraping (scrape/scrape.go, acceptHeader with OpenMetrics enabled).
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('parseAcceptHeader', () => {
  it('reads types in order with their q values, lower-cased, defaulting q to 1', () => {
    assert.deepEqual(parseAcceptHeader('Text/Plain; version=0.0.4; q=0.5, application/JSON'), [
      { type: 'text/plain', q: 0.5 },
      { type: 'application/json', q: 1 },
    ]);
  });

  it('returns nothing for a missing or empty header and skips empty entries', () => {
    assert.deepEqual(parseAcceptHeader(undefined), []);
    assert.deepEqual(parseAcceptHeader(''), []);
    assert.deepEqual(parseAcceptHeader(' , ,gzip'), [{ type: 'gzip', q: 1 }]);
  });

  it('treats an unparsable q as 0 and clamps q into [0, 1]', () => {
    assert.deepEqual(parseAcceptHeader('a/b;q=x, c/d;q=7, e/f;q=-1'), [
      { type: 'a/b', q: 0 },
      { type: 'c/d', q: 1 },
      { type: 'e/f', q: 0 },
    ]);
  });

  it('never throws and always yields q in [0, 1] for any header text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (header) => {
        for (const range of parseAcceptHeader(header)) {
          assert.ok(range.q >= 0 && range.q <= 1, `q ${range.q}`);
          assert.ok(range.type.length > 0);
          assert.equal(range.type, range.type.toLowerCase());
        }
      }),
    );
  });

  it('round-trips generated headers', () => {
    const token = fc.stringMatching(/^[a-z][a-z0-9+.-]{0,10}$/);
    const entry = fc.record({
      type: fc.tuple(token, token).map(([a, b]) => `${a}/${b}`),
      q: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        const header = entries.map((e) => `${e.type};version=1;q=${e.q}`).join(', ');
        // fast-check records have a null prototype; compare as plain objects.
        assert.deepEqual(
          parseAcceptHeader(header),
          entries.map((e) => ({ type: e.type, q: e.q })),
        );
      }),
    );
  });
});

describe('prefersJson', () => {
  it('is true for an explicit application/json', () => {
    assert.equal(prefersJson('application/json'), true);
    assert.equal(prefersJson('application/json, text/plain'), true);
    assert.equal(prefersJson('text/plain;q=0.5, application/json;q=0.9'), true);
  });

  it('is false for scrapers, curl, browsers and JSON ranked below text', () => {
    assert.equal(prefersJson(undefined), false);
    assert.equal(prefersJson('*/*'), false);
    assert.equal(prefersJson(PROMETHEUS_ACCEPT), false);
    assert.equal(prefersJson(BROWSER_ACCEPT), false);
    assert.equal(prefersJson('application/json;q=0.5, text/plain'), false);
    assert.equal(prefersJson('application/json;q=0.5, application/openmetrics-text'), false);
    assert.equal(prefersJson('application/json;q=0'), false);
  });
});

describe('acceptsGzip', () => {
  it('accepts gzip, x-gzip and * with q > 0', () => {
    assert.equal(acceptsGzip('gzip'), true);
    assert.equal(acceptsGzip('br, gzip;q=0.8, deflate'), true);
    assert.equal(acceptsGzip('x-gzip'), true);
    assert.equal(acceptsGzip('*'), true);
    assert.equal(acceptsGzip('GZIP'), true);
  });

  it('refuses when absent or disabled with q=0, even if * allows everything else', () => {
    assert.equal(acceptsGzip(undefined), false);
    assert.equal(acceptsGzip(''), false);
    assert.equal(acceptsGzip('identity'), false);
    assert.equal(acceptsGzip('br, deflate'), false);
    assert.equal(acceptsGzip('gzip;q=0'), false);
    assert.equal(acceptsGzip('gzip;q=0, *'), false);
    assert.equal(acceptsGzip('*;q=0'), false);
  });
});
