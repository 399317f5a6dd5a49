import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseMounts, unescapeMountField } from './parse-mounts.js';
import { MOUNTS_DOCKER_HOST } from './testing/fixtures.js';

describe('parseMounts', () => {
  it('parses this process’s /proc/self/mounts, with / among them', {
    skip: process.platform !== 'linux' ? 'needs /proc' : false,
  }, () => {
    const text = readFileSync('/proc/self/mounts', 'utf8');
    const mounts = parseMounts(text);
    const root = mounts.find((m) => m.mountpoint === '/');
    assert.ok(root !== undefined);
    assert.ok(root.fstype !== '' && root.device !== '');
    assert.ok(root.options.includes('rw') || root.options.includes('ro'));
    const distinct = new Set(
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[1]),
    );
    assert.equal(mounts.length, distinct.size, 'one entry per mountpoint');
  });

  it('decodes escapes, keeps the top of stacked mounts, and splits options', () => {
    const mounts = parseMounts(MOUNTS_DOCKER_HOST);
    const disk = mounts.find((m) => m.device === '/dev/sdb1')!;
    assert.equal(disk.mountpoint, '/media/My Disk');
    assert.deepEqual(disk.options, ['ro', 'nosuid', 'nodev', 'relatime']);
    const data = mounts.filter((m) => m.mountpoint === '/data');
    assert.deepEqual(data, [
      { device: '/dev/mapper/vg-data2', mountpoint: '/data', fstype: 'xfs', options: ['rw', 'noatime'] },
    ]);
    assert.equal(mounts.length, 13);
  });

  it('skips lines with fewer than four fields or empty fields', () => {
    assert.deepEqual(parseMounts('a b c\n  \n a b c d\nx /y z\n'), []);
    assert.deepEqual(parseMounts('dev /m fs rw'), [
      { device: 'dev', mountpoint: '/m', fstype: 'fs', options: ['rw'] },
    ]);
  });

  it('unescapes \\040 \\011 \\012 \\134 and leaves other backslashes alone', () => {
    assert.equal(unescapeMountField('a\\040b\\011c\\012d\\134e'), 'a b\tc\nd\\e');
    assert.equal(unescapeMountField('a\\9b\\04'), 'a\\9b\\04');
  });
});
