import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseDiskstats } from './parse-diskstats.js';
import { DISKSTATS_14, DISKSTATS_18, DISKSTATS_20, DISKSTATS_OLD_PARTITIONS } from './testing/fixtures.js';

describe('parseDiskstats', () => {
  it('parses every line of this machine’s /proc/diskstats', {
    skip: process.platform !== 'linux' ? 'needs /proc' : false,
  }, () => {
    const text = readFileSync('/proc/diskstats', 'utf8');
    const disks = parseDiskstats(text);
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    assert.equal(disks.length, lines.length);
    for (const [i, line] of lines.entries()) {
      const cols = line.trim().split(/\s+/);
      const disk = disks[i]!;
      assert.equal(disk.device, cols[2]);
      assert.equal(disk.major, Number(cols[0]));
      assert.equal(disk.readsCompleted, Number(cols[3]));
      assert.equal(disk.readBytes, Number(cols[5]) * 512);
      assert.equal(disk.writtenBytes, Number(cols[9]) * 512);
      assert.equal(disk.ioTimeSeconds, Number(cols[12]) / 1000);
    }
  });

  it('reads 14-field lines (Linux 2.6.25-4.17): no discard or flush fields', () => {
    const disks = parseDiskstats(DISKSTATS_14);
    assert.deepEqual(
      disks.map((d) => d.device),
      ['ram0', 'sda', 'sda1', 'sda2', 'dm-0', 'loop0'],
    );
    assert.deepEqual(disks[1], {
      major: 8,
      minor: 0,
      device: 'sda',
      readsCompleted: 71208,
      readsMerged: 2374,
      readBytes: 4713350 * 512,
      readTimeSeconds: 43.67,
      writesCompleted: 158214,
      writesMerged: 214569,
      writtenBytes: 6813424 * 512,
      writeTimeSeconds: 1094.302,
      ioNow: 0,
      ioTimeSeconds: 162.417,
      ioTimeWeightedSeconds: 1137.879,
    });
  });

  it('reads 18-field lines (Linux 4.18-5.4): discards', () => {
    const sdb = parseDiskstats(DISKSTATS_18)[0]!;
    assert.equal(sdb.discardsCompleted, 1064);
    assert.equal(sdb.discardsMerged, 0);
    assert.equal(sdb.discardedSectors, 97656832);
    assert.equal(sdb.discardTimeSeconds, 13.148);
    assert.equal(sdb.flushRequests, undefined);
    assert.equal(parseDiskstats(DISKSTATS_18)[1]!.ioNow, 2);
  });

  it('reads 20-field lines (Linux 5.5+): flushes', () => {
    const nvme = parseDiskstats(DISKSTATS_20)[0]!;
    assert.equal(nvme.flushRequests, 269870);
    assert.equal(nvme.flushTimeSeconds, 99.376);
    assert.equal(nvme.readBytes, 117853170 * 512);
  });

  it('reads the four-column partition lines of Linux 2.6.0-2.6.24', () => {
    const [hda, hda1] = parseDiskstats(DISKSTATS_OLD_PARTITIONS);
    assert.equal(hda!.ioTimeSeconds, 3376.34);
    assert.deepEqual(hda1, {
      major: 3,
      minor: 1,
      device: 'hda1',
      readsCompleted: 35486,
      readBytes: 38030 * 512,
      writesCompleted: 38030,
      writtenBytes: 38030 * 512,
    });
  });

  it('skips lines with another column count, non-digits, or a repeated device', () => {
    const disks = parseDiskstats(
      [
        '8 0 sda 1 2 3 4 5 6 7 8 9 10',
        '8 0 sdb 1 2 3 4 5 6 7 8 9 10 x',
        '8 0 sdc 1 2 3 4 5',
        'x 0 sdd 1 2 3 4',
        '8 0 sde 1 2 3 -4 5 6 7 8 9 10 11',
        '8 0 sdf 1 2 3 4 5 6 7 8 9 10 11',
        '8 1 sdf 9 9 9 9 9 9 9 9 9 9 9',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      disks.map((d) => [d.device, d.readsCompleted]),
      [['sdf', 1]],
    );
  });
});
