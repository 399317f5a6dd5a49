import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCrashRounds } from './testing/crash-rounds.js';

const ROUNDS = 12;

describe('crash safety with maintenance running alongside appends', () => {
  it(`loses no committed batch and leaves no half batch over ${ROUNDS} SIGKILLs`, async () => {
    const { blocks } = await runCrashRounds({
      rounds: ROUNDS,
      mode: 'alongside',
      minDelayMs: 20,
      maxDelayMs: 320,
    });
    assert.ok(blocks > 0, 'the head was never cut into a block');
  });
});
