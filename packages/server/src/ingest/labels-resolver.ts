// How the WriteRequest decoder turns Label messages into a series' Labels: the contract
// (LabelsResolver) and the plain implementation behind `decodeWriteRequest`. The remote-write
// handler's caching, validating one is label-cache.ts.

import type { Label, Labels } from '@telemeter/storage';
import { protoError } from './proto-reader.js';

/** Makes a Label from the byte spans of one Label message; may throw an IngestError (the decoder adds where). */
export type LabelDecoder = (
  buf: Uint8Array,
  messageStart: number,
  messageEnd: number,
  nameStart: number,
  nameEnd: number,
  valueStart: number,
  valueEnd: number,
) => Label;

/** How the decoder turns label fields into a series' Labels. */
export interface LabelsResolver {
  /** The Labels of a series whose label fields are exactly the bytes [start, end), if known. */
  cached(buf: Uint8Array, start: number, end: number): Labels | undefined;
  readonly label: LabelDecoder;
  /**
   * The series' Labels from its decoded pairs (in wire order). `start`/`end` span its label
   * fields when they were contiguous (cacheable), else `end` is -1. May throw an IngestError;
   * a LabelsProblem with `labelIndex` is reported at that label.
   */
  series(pairs: Label[], buf: Uint8Array, start: number, end: number): Labels;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A proto3 string: UTF-8, checked. */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  if (start === end) return '';
  try {
    return utf8.decode(buf.subarray(start, end));
  } catch {
    throw protoError(start, 'string is not valid UTF-8');
  }
}

/** The LabelDecoder of `decodeWriteRequest`: UTF-8 checked, nothing else. */
export const plainLabel: LabelDecoder = (buf, _ms, _me, ns, ne, vs, ve) => ({
  name: decodeUtf8(buf, ns, ne),
  value: decodeUtf8(buf, vs, ve),
});

/** The resolver of `decodeWriteRequest`: labels as sent, no cache, no rules. */
export const plainLabels: LabelsResolver = {
  cached: () => undefined,
  label: plainLabel,
  series: (pairs) => pairs,
};
