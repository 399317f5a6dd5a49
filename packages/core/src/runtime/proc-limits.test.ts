import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseMaxOpenFiles } from './proc-limits.js';

const HEADER = 'Limit                     Soft Limit           Hard Limit           Units     ';
const line = (name: string, soft: string, hard: string, units: string) =>
  `${name.padEnd(26)}${soft.padEnd(21)}${hard.padEnd(21)}${units.padEnd(10)}`;

describe('parseMaxOpenFiles', () => {
  it('returns the soft limit, not the hard one', () => {
    const text = [
      HEADER,
      line('Max cpu time', 'unlimited', 'unlimited', 'seconds'),
      line('Max open files', '1024', '1048576', 'files'),
      line('Max locked memory', '8388608', '8388608', 'bytes'),
    ].join('\n');
    assert.equal(parseMaxOpenFiles(text), 1024);
  });

  it('maps "unlimited" to Infinity', () => {
    assert.equal(
      parseMaxOpenFiles([HEADER, line('Max open files', 'unlimited', 'unlimited', 'files')].join('\n')),
      Number.POSITIVE_INFINITY,
    );
  });

  it('returns undefined when the line is missing or garbled', () => {
    assert.equal(parseMaxOpenFiles(HEADER), undefined);
    assert.equal(parseMaxOpenFiles('Max open files'), undefined);
    assert.equal(parseMaxOpenFiles('Max open files            lots       lots     files'), undefined);
  });

  it('parses the live file of this process (Linux only: needs /proc)', {
    skip: process.platform !== 'linux',
  }, () => {
    const max = parseMaxOpenFiles(readFileSync('/proc/self/limits', 'utf8'));
    assert.ok(max !== undefined && max > 0);
  });

  it('round-trips generated limits files and never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (soft, hard) => {
        const text = [HEADER, line('Max open files', String(soft), String(hard), 'files')].join('\n');
        assert.equal(parseMaxOpenFiles(text), soft);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const max = parseMaxOpenFiles(text);
        assert.ok(max === undefined || max >= 0);
      }),
    );
  });
});
