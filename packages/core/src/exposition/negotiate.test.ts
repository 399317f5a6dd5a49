import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTENT_TYPE_OPENMETRICS, CONTENT_TYPE_PROMETHEUS, negotiate } from './negotiate.js';

const OPENMETRICS = { format: 'openmetrics', contentType: CONTENT_TYPE_OPENMETRICS };
const PROMETHEUS = { format: 'prometheus', contentType: CONTENT_TYPE_PROMETHEUS };

describe('negotiate', () => {
  it('has the content types Prometheus expects', () => {
    assert.equal(CONTENT_TYPE_PROMETHEUS, 'text/plain; version=0.0.4; charset=utf-8');
    assert.equal(CONTENT_TYPE_OPENMETRICS, 'application/openmetrics-text; version=1.0.0; charset=utf-8');
  });

  it('serves OpenMetrics to the Accept header Prometheus 2.x sends by default', () => {
    assert.deepEqual(
      negotiate(
        'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      ),
      OPENMETRICS,
    );
  });

  it('serves OpenMetrics to the Accept header Prometheus 3.x sends by default', () => {
    assert.deepEqual(
      negotiate(
        'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1',
      ),
      OPENMETRICS,
    );
  });

  it('serves the text format to Prometheus with OpenMetrics disabled, curl and browsers', () => {
    assert.deepEqual(negotiate('text/plain;version=0.0.4;q=1,*/*;q=0.1'), PROMETHEUS);
    assert.deepEqual(negotiate('*/*'), PROMETHEUS);
    assert.deepEqual(
      negotiate('text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'),
      PROMETHEUS,
    );
    assert.deepEqual(negotiate(undefined), PROMETHEUS);
    assert.deepEqual(negotiate(''), PROMETHEUS);
  });

  it('serves OpenMetrics for the bare media type (no version)', () => {
    assert.deepEqual(negotiate('application/openmetrics-text'), OPENMETRICS);
  });

  it('respects q-values: a preferred text/plain wins over OpenMetrics listed first', () => {
    assert.deepEqual(
      negotiate('application/openmetrics-text;version=1.0.0;q=0.3,text/plain;version=0.0.4;q=0.9'),
      PROMETHEUS,
    );
    assert.deepEqual(negotiate('text/plain;q=0.2,application/openmetrics-text;q=0.8'), OPENMETRICS);
  });

  it('keeps header order among equal q-values', () => {
    assert.deepEqual(negotiate('text/plain,application/openmetrics-text'), PROMETHEUS);
    assert.deepEqual(negotiate('application/openmetrics-text,text/plain'), OPENMETRICS);
  });

  it('does not offer OpenMetrics versions it does not write, nor unknown text versions', () => {
    assert.deepEqual(negotiate('application/openmetrics-text;version=0.0.1'), PROMETHEUS);
    assert.deepEqual(negotiate('application/openmetrics-text;version=2.0.0'), PROMETHEUS);
    assert.deepEqual(negotiate('text/plain;version=9.9.9,application/openmetrics-text;q=0.1'), OPENMETRICS);
  });

  it('skips media ranges with q=0 or a malformed q (not acceptable)', () => {
    assert.deepEqual(negotiate('application/openmetrics-text;q=0'), PROMETHEUS);
    assert.deepEqual(negotiate('application/openmetrics-text;q=abc'), PROMETHEUS);
  });

  it('is case-insensitive for media types and tolerates spaces and quoted parameters', () => {
    assert.deepEqual(
      negotiate(' Application/OpenMetrics-Text ; version="1.0.0" ; q=0.9 , text/plain ; q=0.5'),
      OPENMETRICS,
    );
  });

  it('ignores garbage without throwing', () => {
    for (const header of [',,,', ';;;', 'garbage', 'a/b;;q=', '/;version=1.0.0', '\u0000']) {
      assert.deepEqual(negotiate(header), PROMETHEUS);
    }
  });
});
