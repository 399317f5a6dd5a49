import assert from 'node:assert/strict';
import type { StatsFs } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { SystemContext } from './family.js';
import { FilesystemReader } from './filesystem-metrics.js';
import type { MountEntry } from './parse-mounts.js';
import { OnceWarner } from './warnings.js';

const ctx: SystemContext = { prefix: '', labels: {}, warner: new OnceWarner() };
const mount = (mountpoint: string): MountEntry => ({
  device: 'dev',
  mountpoint,
  fstype: 'ext4',
  options: ['rw'],
});

describe('FilesystemReader', () => {
  it('stops waiting for a hung statfs after the timeout and does not ask that mountpoint again until it answers', async () => {
    let release!: (stats: StatsFs) => void;
    let answered: StatsFs | undefined;
    const calls: string[] = [];
    const fakeStatfs = (path: string): Promise<StatsFs> => {
      calls.push(path);
      if (path !== '/hung') return statfs('/');
      if (answered !== undefined) return Promise.resolve(answered);
      return new Promise<StatsFs>((resolve) => {
        release = resolve;
      });
    };
    const reader = new FilesystemReader(ctx, () => [mount('/'), mount('/hung')], 50, fakeStatfs);

    const t0 = performance.now();
    const first = await reader.read();
    const waited = performance.now() - t0;
    assert.ok(waited >= 45 && waited < 2000, `waited ${waited} ms`);
    assert.ok(first[0]!.stats !== undefined);
    assert.equal(first[1]!.stats, undefined, 'the hung mount reports no stats');

    const second = await reader.read();
    assert.deepEqual(calls, ['/', '/hung', '/'], 'the hung mountpoint is not asked again');
    assert.equal(second[1]!.stats, undefined);

    const answer = await statfs('/');
    answered = answer;
    release(answer);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(first[1]!.stats, undefined, 'a late answer does not change an earlier scrape');
    const third = await reader.read();
    assert.deepEqual(calls.slice(3), ['/', '/hung'], 'asked again once it answered');
    assert.deepEqual(third[1]!.stats, answer);
  });

  it('waits for nothing when every statfs answers quickly', async () => {
    const reader = new FilesystemReader(ctx, () => [mount('/')], 10_000);
    const t0 = performance.now();
    const [root] = await reader.read();
    assert.ok(performance.now() - t0 < 1000);
    assert.ok(root!.stats!.blocks > 0);
  });

  it('rejects when the mount table cannot be read', async () => {
    const reader = new FilesystemReader(
      ctx,
      () => {
        throw new Error('no mounts');
      },
      100,
    );
    await assert.rejects(reader.read(), /no mounts/);
  });
});
