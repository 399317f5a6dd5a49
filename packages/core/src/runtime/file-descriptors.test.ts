import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readMaxFds, readOpenFds } from './file-descriptors.js';

describe('file descriptors (Linux only: needs /proc)', { skip: process.platform !== 'linux' }, () => {
  it('counts open descriptors exactly, excluding the one readdir itself uses', () => {
    const before = readOpenFds();
    assert.ok(before !== undefined && before >= 3);
    const fds = [openSync('/proc/self/status', 'r'), openSync('/proc/self/limits', 'r')];
    assert.equal(readOpenFds(), before + 2);
    for (const fd of fds) closeSync(fd);
    assert.equal(readOpenFds(), before);
  });

  it('reports a limit at least as large as the open count', () => {
    const max = readMaxFds();
    assert.ok(max !== undefined && max >= readOpenFds()!);
  });
});
