import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { captureIo } from '../testing/capture-io.js';
import { withProgress } from './progress.js';

describe('withProgress', () => {
  it('draws a spinner on a terminal and erases it when the task settles', async () => {
    const captured = captureIo({ tty: true });
    const value = await withProgress(captured.io, 'fetching', () => sleep(200, 42), { delayMs: 0 });
    assert.equal(value, 42);
    assert.ok(captured.stderr().startsWith('\r\x1b[2K⠋ fetching'), captured.stderr());
    assert.ok(captured.stderr().endsWith('\r\x1b[2K'));
    assert.equal(captured.stdout(), '');
  });

  it('writes nothing off a terminal, or when the task ends before the delay', async () => {
    const pipe = captureIo({ tty: false });
    await withProgress(pipe.io, 'fetching', () => sleep(50), { delayMs: 0 });
    assert.equal(pipe.stderr(), '');
    const quick = captureIo({ tty: true });
    await withProgress(quick.io, 'fetching', async () => 1);
    assert.equal(quick.stderr(), '');
  });

  it('erases the line when the task fails, and passes the error on', async () => {
    const captured = captureIo({ tty: true });
    await assert.rejects(
      withProgress(
        captured.io,
        'x',
        async () => {
          await sleep(50);
          throw new Error('boom');
        },
        { delayMs: 0 },
      ),
      /boom/,
    );
    assert.ok(captured.stderr().endsWith('\r\x1b[2K'));
  });
});
