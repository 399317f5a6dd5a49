import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readHeapUsage } from './heap-size.js';

describe('readHeapUsage', () => {
  it('returns consistent heap and external sizes', () => {
    const usage = readHeapUsage();
    assert.ok(usage !== undefined);
    assert.ok(usage.heapUsedBytes > 0 && usage.heapUsedBytes <= usage.heapTotalBytes);
    assert.ok(usage.arrayBuffersBytes >= 0 && usage.arrayBuffersBytes <= usage.externalBytes);
  });

  it('counts Buffers in arrayBuffersBytes', () => {
    const before = readHeapUsage()!.arrayBuffersBytes;
    const buffer = Buffer.alloc(8 * 1024 * 1024, 1);
    const after = readHeapUsage()!.arrayBuffersBytes;
    assert.ok(after - before >= buffer.length, `${before} -> ${after}`);
  });
});
