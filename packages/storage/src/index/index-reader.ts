import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { ByteReader } from '../encoding/bytes.js';
import { CorruptionError } from '../errors.js';
import type { ChunkMeta, IndexReader, Label, LabelMatcher, SeriesEntry } from '../types.js';
import { checkFileHeader } from './file-header.js';
import {
  decodeToc,
  INDEX_MAGIC,
  INDEX_VERSION,
  SECTIONS,
  type SectionName,
  type Toc,
} from './index-format.js';
import { postingsForMatchers } from './postings-for-matchers.js';
import { EMPTY_POSTINGS } from './sorted-refs.js';

/**
 * One label's values as symbol refs, decoded to strings only when someone lists them: an `=`
 * lookup binary-searches the refs and decodes about log2(n) symbols, so a label with 100k values
 * (an `id`) costs no string work until a regex or a listing needs them all.
 */
interface LabelValues {
  readonly symbolRefs: number[];
  /** Offset of each value's postings list in the postings payload. */
  readonly postingsOffsets: number[];
  values?: string[];
}

/**
 * Reads an index file written by IndexWriter. Opening checks the header, the TOC and every
 * section's CRC (about 5 GB/s, so a few ms for a large block) and decodes only the label names;
 * symbols, a name's values and each series are decoded on first use, so any damage is reported
 * at open and later decoding only meets bytes that were written as they are.
 */
export class IndexFileReader implements IndexReader {
  private readonly toc: Toc;
  readonly numSeries: number;
  private readonly labelIndexOffsets = new Map<string, number>();
  private readonly valuesCache = new Map<string, LabelValues>();
  private readonly symbolCache = new Map<number, string>();
  private all: readonly number[] | undefined;

  static open(path: string): IndexFileReader {
    return new IndexFileReader(readFileSync(path), path);
  }

  constructor(
    private readonly buf: Uint8Array,
    readonly file: string,
  ) {
    checkFileHeader(buf, file, INDEX_MAGIC, INDEX_VERSION, 'index');
    this.toc = decodeToc(buf, file);
    for (const name of SECTIONS) {
      const { offset, length } = this.toc[name];
      const stored = new DataView(buf.buffer, buf.byteOffset + offset + length, 4).getUint32(0);
      if (stored !== crc32(buf.subarray(offset, offset + length))) {
        throw new CorruptionError(file, offset, `checksum mismatch in the ${name} section`);
      }
    }
    this.numSeries = this.toc.seriesOffsets.length / 4;
    if (!Number.isInteger(this.numSeries))
      throw new CorruptionError(
        file,
        this.toc.seriesOffsets.offset,
        'series offsets not a multiple of 4 bytes',
      );

    const r = this.reader('labelNames');
    const n = r.uvarint();
    for (let i = 0; i < n; i++) this.labelIndexOffsets.set(this.symbol(r.uvarint()), r.uvarint());
    this.expectEnd(r);
  }

  postings(name: string, value: string): readonly number[] {
    const lv = this.labelValuesOf(name);
    if (lv === undefined) return EMPTY_POSTINGS;
    const refs = lv.symbolRefs;
    let lo = 0;
    let hi = refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.symbol(refs[mid] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo === refs.length || this.symbol(refs[lo] as number) !== value) return EMPTY_POSTINGS;
    return this.readPostings(lv.postingsOffsets[lo] as number);
  }

  allPostings(): readonly number[] {
    this.all ??= Array.from({ length: this.numSeries }, (_, i) => i);
    return this.all;
  }

  postingsForMatchers(matchers: readonly LabelMatcher[]): readonly number[] {
    return postingsForMatchers(this, matchers);
  }

  series(ref: number): SeriesEntry | undefined {
    if (!Number.isInteger(ref) || ref < 0 || ref >= this.numSeries) return undefined;
    const { offset } = this.toc.seriesOffsets;
    const at = new DataView(this.buf.buffer, this.buf.byteOffset + offset + ref * 4, 4).getUint32(0);
    const r = this.reader('series', at);
    const labels: Label[] = [];
    const nLabels = r.uvarint();
    for (let i = 0; i < nLabels; i++)
      labels.push({ name: this.symbol(r.uvarint()), value: this.symbol(r.uvarint()) });
    const chunks: ChunkMeta[] = [];
    const nChunks = r.uvarint();
    let prevMax = 0;
    let prevRef = 0;
    for (let i = 0; i < nChunks; i++) {
      const minTime = i === 0 ? r.varint() : prevMax + r.varint();
      const maxTime = minTime + r.uvarint();
      const ref = i === 0 ? r.uvarint() : prevRef + r.varint();
      if (ref < 0) r.fail('negative chunk ref');
      chunks.push({ ref, minTime, maxTime, numSamples: r.uvarint() });
      prevMax = maxTime;
      prevRef = ref;
    }
    return { labels, chunks };
  }

  labelNames(): string[] {
    return [...this.labelIndexOffsets.keys()];
  }

  labelValues(name: string): string[] {
    const lv = this.labelValuesOf(name);
    if (lv === undefined) return [];
    lv.values ??= lv.symbolRefs.map((ref) => this.symbol(ref));
    return lv.values.slice();
  }

  /** Refs of a block ascend in label order already. */
  sortedByLabels(refs: readonly number[]): readonly number[] {
    return refs;
  }

  /** Bytes of the index file. */
  get sizeBytes(): number {
    return this.buf.length;
  }

  private labelValuesOf(name: string): LabelValues | undefined {
    let lv = this.valuesCache.get(name);
    if (lv !== undefined) return lv;
    const at = this.labelIndexOffsets.get(name);
    if (at === undefined) return undefined;
    const r = this.reader('labelIndex', at);
    const n = r.uvarint();
    lv = { symbolRefs: new Array<number>(n), postingsOffsets: new Array<number>(n) };
    for (let i = 0; i < n; i++) {
      lv.symbolRefs[i] = r.uvarint();
      lv.postingsOffsets[i] = r.uvarint();
    }
    this.valuesCache.set(name, lv);
    return lv;
  }

  private readPostings(at: number): number[] {
    const r = this.reader('postings', at);
    const n = r.uvarint();
    if (n > this.numSeries) r.fail(`postings list of ${n} refs in a block of ${this.numSeries} series`);
    const out = new Array<number>(n);
    let ref = 0;
    for (let i = 0; i < n; i++) {
      const delta = r.uvarint();
      if (i > 0 && delta === 0) r.fail('postings not strictly ascending');
      ref += delta;
      out[i] = ref;
    }
    if (n > 0 && ref >= this.numSeries) r.fail(`series ref ${ref} out of range`);
    return out;
  }

  private symbol(ref: number): string {
    let s = this.symbolCache.get(ref);
    if (s === undefined) {
      s = this.reader('symbols', ref).string();
      this.symbolCache.set(ref, s);
    }
    return s;
  }

  /** A reader over one section's payload, starting `at` bytes into it. */
  private reader(section: SectionName, at = 0): ByteReader {
    const { offset, length } = this.toc[section];
    if (at < 0 || at > length)
      throw new CorruptionError(this.file, offset, `reference ${at} outside the ${section} section`);
    return new ByteReader(this.buf, this.file, 0, offset + at, offset + length);
  }

  private expectEnd(r: ByteReader): void {
    if (r.remaining !== 0) r.fail('trailing bytes in section');
  }
}
