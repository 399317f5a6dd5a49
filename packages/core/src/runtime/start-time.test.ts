import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readStartTimeSeconds } from './start-time.js';

describe('readStartTimeSeconds', () => {
  it('is in the past and consistent with process.uptime()', () => {
    const start = readStartTimeSeconds();
    const now = Date.now() / 1000;
    assert.ok(start <= now);
    assert.ok(Math.abs(now - process.uptime() - start) < 1);
  });

  it('agrees with the kernel start time from /proc within a second (Linux only: needs /proc)', {
    skip: process.platform !== 'linux',
  }, () => {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Field 22 (starttime, clock ticks after boot); the command name (field 2) may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = Number(fields[22 - 3]);
    const bootTime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    // USER_HZ is 100 on every Linux architecture Node supports.
    const kernelStart = bootTime + startTicks / 100;
    assert.ok(
      Math.abs(readStartTimeSeconds() - kernelStart) < 1.5,
      `${readStartTimeSeconds()} vs ${kernelStart}`,
    );
  });
});
