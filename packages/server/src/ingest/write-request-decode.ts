// Decodes prometheus.WriteRequest into columns: per series its labels and where its samples end,
// and two Float64Arrays of timestamps and values. Labels come from a LabelsResolver, so the
// remote-write handler can validate them and reuse the Labels of series it has seen before
// (label-cache.ts) while `decodeWriteRequest` just decodes. With a warm cache a Prometheus-shaped
// request (one sample per TimeSeries) decodes without allocating per series or per sample.

import type { Label, Labels } from '@telemeter/storage';
import { IngestError } from './errors.js';
import { LabelsProblem } from './label-rules.js';
import {
  decodeUtf8,
  type LabelDecoder,
  type LabelsResolver,
  plainLabel,
  plainLabels,
} from './labels-resolver.js';
import { ProtoReader, protoError, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.js';
import {
  EXEMPLAR_LABELS,
  EXEMPLAR_TIMESTAMP,
  EXEMPLAR_VALUE,
  LABEL_NAME,
  LABEL_VALUE,
  METADATA_FAMILY_NAME,
  METADATA_HELP,
  METADATA_TYPE,
  METADATA_TYPES,
  METADATA_UNIT,
  SAMPLE_TIMESTAMP,
  SAMPLE_VALUE,
  TIMESERIES_EXEMPLARS,
  TIMESERIES_HISTOGRAMS,
  TIMESERIES_LABELS,
  TIMESERIES_SAMPLES,
  WRITE_REQUEST_METADATA,
  WRITE_REQUEST_TIMESERIES,
  type WriteExemplar,
  type WriteMetadata,
  type WriteRequest,
  type WriteSample,
  type WriteTimeSeries,
} from './write-request.js';

export interface DecodedWriteRequest {
  /** Per series, in request order. */
  readonly seriesLabels: Labels[];
  /** Series i's samples are [seriesEnd[i-1] (0 for the first), seriesEnd[i]) of the columns. */
  readonly seriesEnd: number[];
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  readonly samples: number;
  /** Exemplars by series index (not stored; decoded for `decodeWriteRequest`). */
  readonly exemplars: Map<number, WriteExemplar[]>;
  /** Native histogram samples seen (skipped). */
  readonly histograms: number;
  readonly metadata: WriteMetadata[];
}

/** Key byte of TimeSeries.labels (field 1, length-delimited). */
const LABELS_KEY = (TIMESERIES_LABELS << 3) | WIRE_LEN;

/**
 * End of the run of label fields that starts at `p` (Prometheus writes all labels before the
 * samples), or -1 when a length in it is malformed: the regular decode then reports that.
 */
function labelFieldsEnd(buf: Uint8Array, p: number, end: number): number {
  while (p < end && buf[p] === LABELS_KEY) {
    let q = p + 1;
    let len = 0;
    for (let shift = 0; ; shift += 7) {
      if (q >= end || shift > 28) return -1;
      const b = buf[q++] as number;
      len += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    if (len > end - q) return -1;
    p = q + len;
  }
  return p;
}

const SCOPE_TOP = 0;
const SCOPE_SERIES = 1;
const SCOPE_METADATA = 2;
const NONE = 0;
const LABELS = 1;
const SAMPLES = 2;
const EXEMPLARS = 3;
const HISTOGRAMS = 4;
const PART_NAMES = ['', 'labels', 'samples', 'exemplars', 'histograms'];

class WriteRequestDecoder {
  private readonly r: ProtoReader;
  private readonly resolver: LabelsResolver;
  readonly seriesLabels: Labels[] = [];
  readonly seriesEnd: number[] = [];
  readonly exemplars = new Map<number, WriteExemplar[]>();
  histograms = 0;
  readonly metadata: WriteMetadata[] = [];
  ts: Float64Array;
  vs: Float64Array;
  n = 0;
  // Where the decoder is, for error messages.
  private seriesIndex = -1;
  private metadataIndex = -1;
  private scope = SCOPE_TOP;
  private part = NONE;
  private partIndex = 0;

  constructor(bytes: Uint8Array, resolver: LabelsResolver) {
    this.r = new ProtoReader(bytes);
    this.resolver = resolver;
    // A sample takes at least ~12 bytes on the wire, ~100 with the labels Prometheus repeats; grown on demand.
    const guess = Math.max(16, Math.min(1 << 20, bytes.length >>> 4));
    this.ts = new Float64Array(guess);
    this.vs = new Float64Array(guess);
  }

  decode(): void {
    const r = this.r;
    const end = r.buf.length;
    try {
      while (r.pos < end) {
        const at = r.pos;
        const key = r.tag(end);
        const field = key >>> 3;
        if (field === WRITE_REQUEST_TIMESERIES) {
          r.expect(key, WIRE_LEN, 'WriteRequest.timeseries', at);
          const len = r.length(end);
          this.seriesIndex++;
          this.scope = SCOPE_SERIES;
          this.timeSeries(r.pos + len, true);
          this.scope = SCOPE_TOP;
        } else if (field === WRITE_REQUEST_METADATA) {
          r.expect(key, WIRE_LEN, 'WriteRequest.metadata', at);
          const len = r.length(end);
          this.metadataIndex++;
          this.scope = SCOPE_METADATA;
          this.metadata.push(this.metricMetadata(r.pos + len));
          this.scope = SCOPE_TOP;
        } else {
          r.skip(key & 7, end);
        }
      }
    } catch (err) {
      if (!(err instanceof IngestError)) throw err;
      throw new IngestError(err.code, `remote-write: ${this.where()}${err.message}`, { cause: err });
    }
  }

  private where(): string {
    if (this.scope === SCOPE_METADATA) return `metadata[${this.metadataIndex}]: `;
    if (this.scope === SCOPE_TOP) return '';
    const part = this.part === NONE ? '' : `.${PART_NAMES[this.part]}[${this.partIndex}]`;
    return `timeseries[${this.seriesIndex}]${part}: `;
  }

  /** One TimeSeries; `useCache` is dropped for the rare series whose labels are not all up front. */
  private timeSeries(end: number, useCache: boolean): void {
    const r = this.r;
    const resolver = this.resolver;
    const start = r.pos;
    const samplesStart = this.n;
    const labelsEnd = labelFieldsEnd(r.buf, start, end);
    let labels = useCache && labelsEnd > start ? resolver.cached(r.buf, start, labelsEnd) : undefined;
    if (labels !== undefined) r.pos = labelsEnd;
    let pairs: Label[] | undefined;
    let labelsAfterOthers = false;
    let exemplars: WriteExemplar[] | undefined;
    let histograms = 0;
    let samples = 0;
    while (r.pos < end) {
      const at = r.pos;
      const key = r.tag(end);
      switch (key >>> 3) {
        case TIMESERIES_LABELS: {
          if (labels !== undefined) {
            // Labels after other fields: the cached Labels covered only the first run. Start over.
            r.pos = start;
            this.n = samplesStart;
            this.timeSeries(end, false);
            return;
          }
          if (at >= labelsEnd) labelsAfterOthers = true;
          pairs ??= [];
          this.part = LABELS;
          this.partIndex = pairs.length;
          r.expect(key, WIRE_LEN, 'TimeSeries.labels', at);
          const len = r.length(end);
          pairs.push(this.label(r.pos + len, resolver.label));
          break;
        }
        case TIMESERIES_SAMPLES: {
          this.part = SAMPLES;
          this.partIndex = samples++;
          r.expect(key, WIRE_LEN, 'TimeSeries.samples', at);
          const len = r.length(end);
          this.sample(r.pos + len);
          break;
        }
        case TIMESERIES_EXEMPLARS: {
          exemplars ??= [];
          this.part = EXEMPLARS;
          this.partIndex = exemplars.length;
          r.expect(key, WIRE_LEN, 'TimeSeries.exemplars', at);
          const len = r.length(end);
          exemplars.push(this.exemplar(r.pos + len));
          break;
        }
        case TIMESERIES_HISTOGRAMS:
          this.part = HISTOGRAMS;
          this.partIndex = histograms++;
          r.expect(key, WIRE_LEN, 'TimeSeries.histograms', at);
          r.skip(WIRE_LEN, end);
          break;
        default:
          this.part = NONE;
          r.skip(key & 7, end);
      }
    }
    this.part = NONE;
    if (labels === undefined) {
      try {
        labels = resolver.series(
          pairs ?? [],
          r.buf,
          start,
          labelsAfterOthers || labelsEnd < 0 ? -1 : labelsEnd,
        );
      } catch (err) {
        if (err instanceof LabelsProblem && err.labelIndex !== undefined) {
          this.part = LABELS;
          this.partIndex = err.labelIndex;
        }
        throw err;
      }
    }
    const index = this.seriesLabels.length;
    this.seriesLabels.push(labels);
    this.seriesEnd.push(this.n);
    if (exemplars !== undefined) this.exemplars.set(index, exemplars);
    this.histograms += histograms;
  }

  private label(end: number, makeLabel: LabelDecoder): Label {
    const r = this.r;
    const messageStart = r.pos;
    let nameStart = messageStart;
    let nameEnd = messageStart;
    let valueStart = messageStart;
    let valueEnd = messageStart;
    while (r.pos < end) {
      const at = r.pos;
      const key = r.tag(end);
      const field = key >>> 3;
      if (field === LABEL_NAME || field === LABEL_VALUE) {
        r.expect(key, WIRE_LEN, field === LABEL_NAME ? 'Label.name' : 'Label.value', at);
        const len = r.length(end);
        // Repeated scalar fields: the last one wins, as in every protobuf decoder.
        if (field === LABEL_NAME) {
          nameStart = r.pos;
          nameEnd = r.pos + len;
        } else {
          valueStart = r.pos;
          valueEnd = r.pos + len;
        }
        r.pos += len;
      } else {
        r.skip(key & 7, end);
      }
    }
    return makeLabel(r.buf, messageStart, end, nameStart, nameEnd, valueStart, valueEnd);
  }

  private sample(end: number): void {
    const r = this.r;
    let value = 0;
    let timestamp = 0;
    while (r.pos < end) {
      const at = r.pos;
      const key = r.tag(end);
      const field = key >>> 3;
      if (field === SAMPLE_VALUE) {
        r.expect(key, WIRE_FIXED64, 'Sample.value', at);
        value = r.double(end);
      } else if (field === SAMPLE_TIMESTAMP) {
        r.expect(key, WIRE_VARINT, 'Sample.timestamp', at);
        timestamp = r.int64(end);
      } else {
        r.skip(key & 7, end);
      }
    }
    let n = this.n;
    if (n === this.ts.length) this.grow();
    this.ts[n] = timestamp;
    this.vs[n++] = value;
    this.n = n;
  }

  private grow(): void {
    const ts = new Float64Array(this.ts.length * 2);
    const vs = new Float64Array(this.vs.length * 2);
    ts.set(this.ts);
    vs.set(this.vs);
    this.ts = ts;
    this.vs = vs;
  }

  private exemplar(end: number): WriteExemplar {
    const r = this.r;
    const labels: Label[] = [];
    let value = 0;
    let timestamp = 0;
    while (r.pos < end) {
      const at = r.pos;
      const key = r.tag(end);
      const field = key >>> 3;
      if (field === EXEMPLAR_LABELS) {
        r.expect(key, WIRE_LEN, 'Exemplar.labels', at);
        const len = r.length(end);
        // Exemplars are not stored, so their labels are only decoded, not validated.
        labels.push(this.label(r.pos + len, plainLabel));
      } else if (field === EXEMPLAR_VALUE) {
        r.expect(key, WIRE_FIXED64, 'Exemplar.value', at);
        value = r.double(end);
      } else if (field === EXEMPLAR_TIMESTAMP) {
        r.expect(key, WIRE_VARINT, 'Exemplar.timestamp', at);
        timestamp = r.int64(end);
      } else {
        r.skip(key & 7, end);
      }
    }
    return { labels, value, timestamp };
  }

  private metricMetadata(end: number): WriteMetadata {
    const r = this.r;
    let type = 0;
    let typeAt = r.pos;
    let metricFamilyName = '';
    let help = '';
    let unit = '';
    while (r.pos < end) {
      const at = r.pos;
      const key = r.tag(end);
      const field = key >>> 3;
      if (field === METADATA_TYPE) {
        r.expect(key, WIRE_VARINT, 'MetricMetadata.type', at);
        typeAt = r.pos;
        type = r.int64(end);
      } else if (field === METADATA_FAMILY_NAME || field === METADATA_HELP || field === METADATA_UNIT) {
        r.expect(key, WIRE_LEN, 'MetricMetadata string field', at);
        const len = r.length(end);
        const s = decodeUtf8(r.buf, r.pos, r.pos + len);
        r.pos += len;
        if (field === METADATA_FAMILY_NAME) metricFamilyName = s;
        else if (field === METADATA_HELP) help = s;
        else unit = s;
      } else {
        r.skip(key & 7, end);
      }
    }
    const name = METADATA_TYPES[type];
    if (name === undefined) throw protoError(typeAt, `unknown metric type ${type}`);
    return { type: name, metricFamilyName, help, unit };
  }
}

/**
 * The columnar decode behind `decodeWriteRequest` and the remote-write handler. Throws
 * IngestError (400) with the path of the bad part: `remote-write: timeseries[3].samples[0]: truncated varint at offset 1234`.
 */
export function decodeWriteRequestColumns(bytes: Uint8Array, resolver: LabelsResolver): DecodedWriteRequest {
  const d = new WriteRequestDecoder(bytes, resolver);
  d.decode();
  return {
    seriesLabels: d.seriesLabels,
    seriesEnd: d.seriesEnd,
    timestamps: d.ts,
    values: d.vs,
    samples: d.n,
    exemplars: d.exemplars,
    histograms: d.histograms,
    metadata: d.metadata,
  };
}

/** Decodes an (uncompressed) prometheus.WriteRequest; throws IngestError naming what is wrong and where. */
export function decodeWriteRequest(bytes: Uint8Array): WriteRequest {
  const decoded = decodeWriteRequestColumns(bytes, plainLabels);
  const { timestamps, values, seriesEnd } = decoded;
  const timeseries: WriteTimeSeries[] = decoded.seriesLabels.map((labels, i) => {
    const samples: WriteSample[] = [];
    for (let k = i === 0 ? 0 : (seriesEnd[i - 1] as number); k < (seriesEnd[i] as number); k++) {
      samples.push({ value: values[k] as number, timestamp: timestamps[k] as number });
    }
    return { labels, samples, exemplars: decoded.exemplars.get(i) ?? [] };
  });
  return { timeseries, metadata: decoded.metadata };
}
