import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readProcessMemory } from './process-memory.js';

describe('readProcessMemory', () => {
  it('reports a resident size close to process.memoryUsage().rss', () => {
    const memory = readProcessMemory();
    const rss = process.memoryUsage().rss;
    assert.ok(memory.residentBytes !== undefined && memory.residentBytes > 0);
    assert.ok(Math.abs(memory.residentBytes - rss) < rss / 2, `${memory.residentBytes} vs ${rss}`);
  });

  it('also reports virtual and data sizes (Linux only: needs /proc)', {
    skip: process.platform !== 'linux',
  }, () => {
    const memory = readProcessMemory();
    assert.ok(memory.virtualBytes !== undefined && memory.virtualBytes >= memory.residentBytes!);
    assert.ok(memory.dataBytes !== undefined && memory.dataBytes > 0);
  });
});
