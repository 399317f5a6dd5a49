import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseProcStatus } from './proc-status.js';

const SAMPLE = [
  'Name:\tnode',
  'Umask:\t0022',
  'State:\tS (sleeping)',
  'VmPeak:\t 1101368 kB',
  'VmSize:\t 1036852 kB',
  'VmLck:\t       0 kB',
  'VmHWM:\t   52080 kB',
  'VmRSS:\t   48532 kB',
  'VmData:\t   61264 kB',
  'Threads:\t7',
  '',
].join('\n');

describe('parseProcStatus', () => {
  it('reads VmRSS, VmSize and VmData in bytes', () => {
    assert.deepEqual(parseProcStatus(SAMPLE), {
      residentBytes: 48532 * 1024,
      virtualBytes: 1036852 * 1024,
      dataBytes: 61264 * 1024,
    });
  });

  it('leaves fields absent when the kernel does not print them (kernel threads, other OSes)', () => {
    assert.deepEqual(parseProcStatus('Name:\tkthreadd\nState:\tS\n'), {});
    assert.deepEqual(parseProcStatus(''), {});
  });

  it('ignores malformed values instead of producing NaN', () => {
    assert.deepEqual(parseProcStatus('VmRSS:\tlots kB\nVmSize:\t12 MB\nVmData:\t-4 kB\n'), {});
  });

  it('parses the live file of this process (Linux only: needs /proc)', {
    skip: process.platform !== 'linux',
  }, () => {
    const status = parseProcStatus(readFileSync('/proc/self/status', 'utf8'));
    assert.ok((status.residentBytes ?? 0) > 0);
    assert.ok((status.virtualBytes ?? 0) >= (status.residentBytes ?? 0));
    assert.ok((status.dataBytes ?? 0) > 0);
  });

  it('never throws and only returns non-negative integer byte counts for any input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const value of Object.values(parseProcStatus(text))) {
          assert.ok(Number.isSafeInteger(value) && value >= 0 && value % 1024 === 0);
        }
      }),
    );
  });

  it('round-trips generated status files', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 40 }),
        fc.nat({ max: 2 ** 40 }),
        fc.nat({ max: 2 ** 40 }),
        fc.shuffledSubarray(['Name:\tx', 'Threads:\t3', 'VmPeak:\t 9 kB', 'SigQ:\t0/1'], { minLength: 0 }),
        (rss, size, data, noise) => {
          const lines = [...noise, `VmRSS:\t${rss} kB`, `VmSize:\t  ${size} kB`, `VmData:\t${data} kB`];
          assert.deepEqual(parseProcStatus(lines.join('\n')), {
            residentBytes: rss * 1024,
            virtualBytes: size * 1024,
            dataBytes: data * 1024,
          });
        },
      ),
    );
  });
});
