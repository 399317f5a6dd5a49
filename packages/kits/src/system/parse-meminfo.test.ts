import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { describe, it } from 'node:test';
import { meminfoMetricField, parseMeminfo } from './parse-meminfo.js';
import { MEMINFO_2_6_32 } from './testing/fixtures.js';

describe('parseMeminfo', () => {
  it('parses this machine’s /proc/meminfo: MemTotal equals os.totalmem()', {
    skip: process.platform !== 'linux' ? 'needs /proc' : false,
  }, () => {
    const text = readFileSync('/proc/meminfo', 'utf8');
    const info = parseMeminfo(text);
    assert.equal(info.bytes.get('MemTotal'), totalmem());
    // Every "Name: n kB" line is a byte field, every "Name: n" line a count.
    const lines = text.split('\n').filter((l) => l.includes(':'));
    assert.equal(info.bytes.size + info.counts.size, lines.length);
    for (const line of lines) {
      const [name, rest] = line.split(':') as [string, string];
      const [value, unit] = rest.trim().split(/\s+/);
      if (unit === 'kB') assert.equal(info.bytes.get(name), Number(value) * 1024, name);
      else assert.equal(info.counts.get(name), Number(value), name);
    }
    assert.ok(info.bytes.get('MemAvailable')! <= info.bytes.get('MemTotal')!);
  });

  it('reads a Linux 2.6.32 file without MemAvailable, with counts for HugePages_*', () => {
    const info = parseMeminfo(MEMINFO_2_6_32);
    assert.equal(info.bytes.get('MemTotal'), 8061132 * 1024);
    assert.equal(info.bytes.get('Active(anon)'), 1048476 * 1024);
    assert.equal(info.bytes.has('MemAvailable'), false);
    assert.equal(info.counts.get('HugePages_Total'), 0);
    assert.equal(info.bytes.get('Hugepagesize'), 2048 * 1024);
    assert.equal(info.bytes.size, 15);
    assert.equal(info.counts.size, 2);
  });

  it('skips malformed lines, unknown units and repeated names', () => {
    const info = parseMeminfo(
      [
        'MemTotal: 100 kB',
        'MemTotal: 200 kB',
        'MemFree: -1 kB',
        'Cached: 10 MB',
        'Buffers: 1 2 kB',
        'Bad Name: 5 kB',
        ': 5 kB',
        '__proto__: 5 kB',
        'Dirty:',
        'Shmem: 0x10 kB',
        'NoSpace:7kB',
      ].join('\n'),
    );
    assert.deepEqual(
      [...info.bytes],
      [
        ['MemTotal', 102400],
        ['__proto__', 5120],
      ],
    );
    assert.equal(info.counts.size, 0);
  });

  it('names fields as node_exporter does', () => {
    assert.equal(meminfoMetricField('Active(anon)'), 'Active_anon');
    assert.equal(meminfoMetricField('Committed_AS'), 'Committed_AS');
    assert.equal(meminfoMetricField('MemTotal'), 'MemTotal');
  });
});
