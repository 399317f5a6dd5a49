import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStaleNaN, STALE_NAN } from '@telemeter/storage';
import fc from 'fast-check';
import { IngestError } from './errors.js';
import { plainLabels } from './labels-resolver.js';
import type { WriteMetadata, WriteRequest } from './write-request.js';
import { METADATA_TYPES } from './write-request.js';
import { decodeWriteRequest, decodeWriteRequestColumns } from './write-request-decode.js';
import { encodeWriteRequest } from './write-request-encode.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromHex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const ascii = (s: string) => Buffer.from(s, 'latin1').toString('hex');
/** A length-delimited field (lengths < 128) around hex `body`. */
const field = (n: number, body: string) => {
  const b = body.replace(/\s+/g, '');
  return `${((n << 3) | 2).toString(16).padStart(2, '0')}${(b.length / 2).toString(16).padStart(2, '0')}${b}`;
};

function decodeError(bytes: Uint8Array): IngestError {
  try {
    decodeWriteRequest(bytes);
  } catch (err) {
    assert.ok(err instanceof IngestError, String(err));
    assert.equal(err.status, 400);
    return err;
  }
  assert.fail('expected a decode error');
}

const UP_1000 = [
  '0a 1e', // WriteRequest.timeseries, 30 bytes
  '0a 0e', // TimeSeries.labels, 14 bytes
  `0a 08 ${ascii('__name__')} 12 02 ${ascii('up')}`,
  '12 0c', // TimeSeries.samples, 12 bytes
  '09 000000000000f03f 10 e807', // value 1.0 (fixed64 LE), timestamp 1000 (varint)
].join(' ');

describe('prometheus.WriteRequest codec', () => {
  it('writes the bytes the .proto schema prescribes', () => {
    const bytes = encodeWriteRequest({
      timeseries: [{ labels: [{ name: '__name__', value: 'up' }], samples: [{ value: 1, timestamp: 1000 }] }],
    });
    assert.equal(hex(bytes), hex(fromHex(UP_1000)));
    const metadata = encodeWriteRequest({
      timeseries: [],
      metadata: [{ type: 'gauge', metricFamilyName: 'g', help: 'H', unit: 'seconds' }],
    });
    assert.equal(
      hex(metadata),
      `1a11 0802 1201${ascii('g')} 2201${ascii('H')} 2a07${ascii('seconds')}`.replace(/ /g, ''),
    );
  });

  it('keeps the stale marker bit-exact both ways', () => {
    const bytes = encodeWriteRequest({
      timeseries: [
        { labels: [{ name: '__name__', value: 'x' }], samples: [{ value: STALE_NAN, timestamp: 5 }] },
      ],
    });
    assert.ok(hex(bytes).includes('090200000000 00f07f'.replace(' ', '')), hex(bytes));
    const decoded = decodeWriteRequestColumns(bytes, plainLabels);
    const bits = new DataView(decoded.values.buffer);
    assert.equal(bits.getUint32(0, true), 2);
    assert.equal(bits.getUint32(4, true), 0x7ff00000);
    assert.ok(isStaleNaN(decodeWriteRequest(bytes).timeseries[0]?.samples[0]?.value as number));
  });

  it('decodes negative and large int64 timestamps without BigInt', () => {
    for (const t of [-1, -1000, -(2 ** 53) + 1, 2 ** 53 - 1, 1_700_000_000_123, 2 ** 31, 2 ** 32 + 5]) {
      const bytes = encodeWriteRequest({
        timeseries: [{ labels: [], samples: [{ value: 1, timestamp: t }] }],
      });
      assert.equal(decodeWriteRequest(bytes).timeseries[0]?.samples[0]?.timestamp, t);
    }
    // int64 max, as Go writes it: 9 bytes of 0xff then 0x7f.
    const max = fromHex('0a15 1213 09000000000000f03f 10ffffffffffffffff7f');
    assert.equal(decodeWriteRequest(max).timeseries[0]?.samples[0]?.timestamp, 2 ** 63);
  });

  it('skips fields it does not know, of every wire type', () => {
    // Field 15 as varint, fixed32, fixed64 and bytes, in every message.
    const unknown = '7801 7d01020304 790102030405060708 7a03616263';
    const label = field(1, `${unknown} 0a08${ascii('__name__')} 1202${ascii('up')}`);
    const sample = field(2, `${unknown} 09000000000000f03f 10e807`);
    const histogram = field(4, '0800'); // a native histogram: skipped and counted
    const withUnknown = fromHex(`${unknown} ${field(1, `${unknown} ${label} ${sample} ${histogram}`)}`);
    const columns = decodeWriteRequestColumns(withUnknown, plainLabels);
    assert.equal(columns.histograms, 1);
    assert.deepEqual(
      decodeWriteRequest(withUnknown).timeseries,
      decodeWriteRequest(fromHex(UP_1000)).timeseries,
    );
  });

  it('names the part and byte offset of malformed input', () => {
    const whole = fromHex(UP_1000);
    assert.equal(
      decodeError(whole.subarray(0, whole.length - 1)).message,
      'remote-write: length 30 runs past the end of its message (29 bytes left) at offset 1',
    );
    // Sample.value sent as a varint.
    assert.equal(
      decodeError(fromHex('0a04 1202 0801')).message,
      'remote-write: timeseries[0].samples[0]: Sample.value has wire type 0 (varint), expected 1 (fixed64) at offset 4',
    );
    // A label value that is not UTF-8, in the second series.
    const bad = fromHex(`${UP_1000} 0a08 0a06 0a01${ascii('a')}1201ff`);
    const err = decodeError(bad);
    assert.equal(err.code, 'TM_INGEST_PROTOBUF_INVALID');
    assert.equal(
      err.message,
      'remote-write: timeseries[1].labels[0]: string is not valid UTF-8 at offset 41',
    );
    assert.equal(
      decodeError(fromHex('1a02 0809')).message,
      'remote-write: metadata[0]: unknown metric type 9 at offset 3',
    );
    assert.equal(
      decodeError(fromHex('2b')).message,
      'remote-write: unsupported wire type 3 (group start; groups are not used by remote write) at offset 1',
    );
    assert.equal(decodeError(fromHex('00')).message, 'remote-write: field number 0 at offset 0');
    assert.equal(
      decodeError(fromHex('0a05 1203 10ffff')).message,
      'remote-write: timeseries[0].samples[0]: truncated varint at offset 5',
    );
  });

  it('round-trips arbitrary WriteRequests', () => {
    const plain = { noNullPrototype: true } as const;
    const label = fc.record(
      {
        name: fc.string({ unit: 'grapheme', maxLength: 12 }),
        value: fc.string({ unit: 'grapheme', maxLength: 20 }),
      },
      plain,
    );
    const timestamp = fc.maxSafeInteger();
    const sample = fc.record({ value: fc.double(), timestamp }, plain);
    const exemplar = fc.record(
      { labels: fc.array(label, { maxLength: 3 }), value: fc.double(), timestamp },
      plain,
    );
    const series = fc.record(
      {
        labels: fc.array(label, { maxLength: 6 }),
        samples: fc.array(sample, { maxLength: 6 }),
        exemplars: fc.array(exemplar, { maxLength: 2 }),
      },
      plain,
    );
    const metadata: fc.Arbitrary<WriteMetadata> = fc.record(
      {
        type: fc.constantFrom(...METADATA_TYPES),
        metricFamilyName: fc.string({ maxLength: 10 }),
        help: fc.string({ unit: 'grapheme', maxLength: 30 }),
        unit: fc.string({ maxLength: 8 }),
      },
      plain,
    );
    const request: fc.Arbitrary<WriteRequest> = fc.record(
      {
        timeseries: fc.array(series, { maxLength: 8 }),
        metadata: fc.array(metadata, { maxLength: 4 }),
      },
      plain,
    );
    fc.assert(
      fc.property(request, (req) => {
        assert.deepEqual(decodeWriteRequest(encodeWriteRequest(req)), req);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but a 400 IngestError on arbitrary bytes', () => {
    const valid = encodeWriteRequest({
      timeseries: [
        {
          labels: [
            { name: '__name__', value: 'a' },
            { name: 'job', value: 'j' },
          ],
          samples: [{ value: 2, timestamp: -7 }],
        },
      ],
      metadata: [{ type: 'counter', metricFamilyName: 'a', help: 'h', unit: '' }],
    });
    const mutated = fc
      .tuple(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(valid.length),
      )
      .map(([edits, cut]) => {
        const b = valid.slice(0, Math.max(1, cut));
        for (const [at, v] of edits) if (at < b.length) b[at] = v;
        return b;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 120 }), mutated), (bytes) => {
        try {
          decodeWriteRequest(bytes);
        } catch (err) {
          assert.ok(err instanceof IngestError, String(err));
          assert.equal(err.status, 400);
          assert.match(err.message, /^remote-write: /);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
