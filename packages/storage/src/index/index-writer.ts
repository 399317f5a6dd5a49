import { crc32 } from 'node:zlib';
import { ByteWriter } from '../encoding/bytes.js';
import { StorageError } from '../errors.js';
import { compareLabels, formatLabels } from '../labels/labels.js';
import type { ChunkMeta, Labels } from '../types.js';
import { encodeFileHeader } from './file-header.js';
import {
  encodeToc,
  INDEX_MAGIC,
  INDEX_VERSION,
  SECTIONS,
  type SectionName,
  type SectionSpan,
} from './index-format.js';

/** Series (or symbols, or postings entries / 4) between two pauses of encodeInSteps. */
const STEP = 2048;

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds a block's index file in memory. Series must be added in strictly ascending label order;
 * the n-th series added gets ref n, so postings sorted by ref are sorted by labels too.
 * The whole index is laid out at `encode()` because every section refers to the symbol table,
 * which is only complete once every series is known.
 */
export class IndexWriter {
  private readonly series: { labels: Labels; chunks: readonly ChunkMeta[] }[] = [];
  private readonly postings = new Map<string, Map<string, number[]>>();

  get numSeries(): number {
    return this.series.length;
  }

  /** Adds the next series; returns its ref. */
  add(labels: Labels, chunks: readonly ChunkMeta[]): number {
    const prev = this.series[this.series.length - 1];
    if (prev !== undefined && compareLabels(prev.labels, labels) >= 0) {
      throw new StorageError(
        'TM_STORAGE_INVALID_LABELS',
        `index series must be added in ascending label order without duplicates: ${formatLabels(labels)} after ${formatLabels(prev.labels)}`,
      );
    }
    const ref = this.series.length;
    this.series.push({ labels, chunks });
    for (const { name, value } of labels) {
      let values = this.postings.get(name);
      if (values === undefined) this.postings.set(name, (values = new Map()));
      const list = values.get(value);
      if (list === undefined) values.set(value, [ref]);
      else list.push(ref);
    }
    return ref;
  }

  encode(): Uint8Array {
    const steps = this.encodeInSteps();
    for (;;) {
      const step = steps.next();
      if (step.done === true) return step.value;
    }
  }

  /**
   * `encode()` a piece at a time: it pauses (yields) every few thousand series or postings lists,
   * so that an asynchronous block writer can let the event loop run in between.
   */
  *encodeInSteps(): Generator<void, Uint8Array> {
    const out = new ByteWriter(1 << 16);
    out.bytes(encodeFileHeader(INDEX_MAGIC, INDEX_VERSION));
    const toc = {} as Record<SectionName, SectionSpan>;
    const section = (name: SectionName, payload: Uint8Array): void => {
      toc[name] = { offset: out.length, length: payload.length };
      out.bytes(payload);
      out.u32(crc32(payload));
    };

    const names = [...this.postings.keys()].sort(byString);
    const symbolSet = new Set<string>(names);
    for (const values of this.postings.values()) for (const v of values.keys()) symbolSet.add(v);
    const symbols = new ByteWriter(1 << 12);
    const symbolRef = new Map<string, number>();
    symbols.uvarint(symbolSet.size);
    const sortedSymbols = [...symbolSet].sort(byString);
    yield;
    for (let i = 0; i < sortedSymbols.length; i++) {
      const s = sortedSymbols[i] as string;
      symbolRef.set(s, symbols.length);
      symbols.string(s);
      if (i % STEP === STEP - 1) yield;
    }
    section('symbols', symbols.finish());
    yield;

    const series = new ByteWriter(1 << 16);
    const offsets = new ByteWriter(this.series.length * 4 + 1);
    let done = 0;
    for (const s of this.series) {
      if (++done % STEP === 0) yield;
      if (series.length > 0xffff_ffff)
        throw new StorageError('TM_STORAGE_INVALID_OPTION', 'index series section exceeds 4 GiB');
      offsets.u32(series.length);
      series.uvarint(s.labels.length);
      for (const { name, value } of s.labels) {
        series.uvarint(symbolRef.get(name) as number);
        series.uvarint(symbolRef.get(value) as number);
      }
      writeChunkMetas(series, s.chunks);
    }
    section('series', series.finish());
    section('seriesOffsets', offsets.finish());

    const labelIndex = new ByteWriter(1 << 12);
    const postings = new ByteWriter(1 << 16);
    const labelNames = new ByteWriter(256);
    labelNames.uvarint(names.length);
    let written = 0;
    for (const name of names) {
      const values = this.postings.get(name) as Map<string, number[]>;
      labelNames.uvarint(symbolRef.get(name) as number);
      labelNames.uvarint(labelIndex.length);
      labelIndex.uvarint(values.size);
      for (const value of [...values.keys()].sort(byString)) {
        labelIndex.uvarint(symbolRef.get(value) as number);
        labelIndex.uvarint(postings.length);
        const list = values.get(value) as number[];
        writePostingsList(postings, list);
        written += list.length + 16;
        if (written >= STEP * 4) {
          written = 0;
          yield;
        }
      }
    }
    section('labelIndex', labelIndex.finish());
    section('postings', postings.finish());
    section('labelNames', labelNames.finish());
    for (const name of SECTIONS)
      if (toc[name] === undefined) throw new Error(`index section ${name} not written`);
    out.bytes(encodeToc(toc));
    return out.finish();
  }
}

function writePostingsList(w: ByteWriter, refs: readonly number[]): void {
  w.uvarint(refs.length);
  let prev = 0;
  for (const ref of refs) {
    w.uvarint(ref - prev);
    prev = ref;
  }
}

// Chunks of a series follow each other in time, so after the first meta each time is a small
// delta from the previous chunk's end, and each ref a small step from the previous ref.
function writeChunkMetas(w: ByteWriter, chunks: readonly ChunkMeta[]): void {
  w.uvarint(chunks.length);
  let prevMax = 0;
  let prevRef = 0;
  chunks.forEach((c, i) => {
    if (!Number.isSafeInteger(c.minTime) || !Number.isSafeInteger(c.maxTime) || c.maxTime < c.minTime) {
      throw new StorageError(
        'TM_STORAGE_INVALID_OPTION',
        `chunk meta has an invalid time range [${c.minTime}, ${c.maxTime}]`,
      );
    }
    w.varint(i === 0 ? c.minTime : c.minTime - prevMax);
    w.uvarint(c.maxTime - c.minTime);
    if (i === 0) w.uvarint(c.ref);
    else w.varint(c.ref - prevRef);
    w.uvarint(c.numSamples);
    prevMax = c.maxTime;
    prevRef = c.ref;
  });
}
