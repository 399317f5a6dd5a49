import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { describe, it } from 'node:test';
import { parseLoadavg } from './parse-loadavg.js';

describe('parseLoadavg', () => {
  it('parses this machine’s /proc/loadavg like os.loadavg()', {
    skip: process.platform !== 'linux' ? 'needs /proc' : false,
  }, () => {
    const before = loadavg();
    const load = parseLoadavg(readFileSync('/proc/loadavg', 'utf8'))!;
    const after = loadavg();
    // The kernel updates the averages every 5 s; the file prints two decimals.
    for (const [i, key] of (['load1', 'load5', 'load15'] as const).entries()) {
      const lo = Math.min(before[i]!, after[i]!) - 0.01;
      const hi = Math.max(before[i]!, after[i]!) + 0.01;
      assert.ok(load[key] >= lo && load[key] <= hi, `${key} ${load[key]} not in [${lo}, ${hi}]`);
    }
    assert.ok(load.runnable! >= 1 && load.threads! >= load.runnable!);
    assert.ok(load.lastPid! > 0);
  });

  it('reads all five fields', () => {
    assert.deepEqual(parseLoadavg('0.42 1.35 10.30 2/311 12345\n'), {
      load1: 0.42,
      load5: 1.35,
      load15: 10.3,
      runnable: 2,
      threads: 311,
      lastPid: 12345,
    });
  });

  it('keeps the load averages when the task fields are missing or odd', () => {
    assert.deepEqual(parseLoadavg('1 2 3'), { load1: 1, load5: 2, load15: 3 });
    assert.deepEqual(parseLoadavg('1.00 2.00 3.00 x/y abc'), { load1: 1, load5: 2, load15: 3 });
  });

  it('returns undefined unless three unsigned decimals come first', () => {
    for (const text of [
      '',
      '1.0 2.0',
      '-1.0 2.0 3.0 1/2 3',
      '1e3 1 1',
      'NaN 1 1',
      '0x1 1 1',
      '1. 1 1',
      '\n1 2 3',
    ]) {
      assert.equal(parseLoadavg(text), undefined, JSON.stringify(text));
    }
  });
});
