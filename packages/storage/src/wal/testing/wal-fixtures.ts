// Test helpers for the WAL: temp dirs, a logger that remembers, and numbered records whose bytes
// can be checked on replay.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StorageLogger } from '../../types.js';
import type { Wal } from '../wal.js';

export function tempDir(prefix = 'tm-wal-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface CapturingLogger extends StorageLogger {
  readonly warnings: string[];
  readonly infos: string[];
}

export function capturingLogger(): CapturingLogger {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, warn: (m) => warnings.push(m), info: (m) => infos.push(m) };
}

/** Record `seq`: its number as 4 bytes, then `seq % 41` bytes derived from it (sizes vary). */
export function numberedRecord(seq: number): Uint8Array {
  const out = new Uint8Array(4 + (seq % 41));
  new DataView(out.buffer).setUint32(0, seq);
  for (let i = 4; i < out.length; i++) out[i] = (seq * 31 + i) & 0xff;
  return out;
}

/** The number of a record made by numberedRecord; throws if any byte differs. */
export function recordNumber(bytes: Uint8Array): number {
  const seq = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const expected = numberedRecord(seq);
  if (bytes.length !== expected.length || !expected.every((b, i) => bytes[i] === b)) {
    throw new Error(`record ${seq} has unexpected bytes`);
  }
  return seq;
}

export function replayNumbers(wal: Wal): number[] {
  const out: number[] = [];
  wal.replay((r) => out.push(recordNumber(r)));
  return out;
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

export function segmentFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => /^\d{8,}$/.test(n))
    .sort();
}
