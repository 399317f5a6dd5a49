import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCpuTimes } from './process-cpu.js';

describe('readCpuTimes', () => {
  it('returns seconds since process start that grow with work done', () => {
    const before = readCpuTimes();
    assert.ok(before.userSeconds > 0 && before.systemSeconds >= 0);
    // process.uptime() bounds CPU time only per thread; V8 and libuv run several threads.
    assert.ok(before.userSeconds < process.uptime() * 64);
    let x = 0;
    const until = process.cpuUsage().user + 20_000;
    while (process.cpuUsage().user < until) x += Math.sqrt(x + 1);
    const after = readCpuTimes();
    assert.ok(after.userSeconds - before.userSeconds >= 0.02, `${x}`);
    assert.ok(after.systemSeconds >= before.systemSeconds);
  });
});
