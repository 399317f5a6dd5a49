import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCrashRounds } from './testing/crash-rounds.js';

const ROUNDS = 24;

describe('crash safety', () => {
  it(`loses no committed batch and leaves no half batch over ${ROUNDS} SIGKILLs`, async () => {
    const { acknowledged } = await runCrashRounds({
      rounds: ROUNDS,
      mode: 'between',
      minDelayMs: 5,
      maxDelayMs: 255,
    });
    assert.ok(
      acknowledged > ROUNDS,
      `the child acknowledged only ${acknowledged} batches in ${ROUNDS} rounds`,
    );
  });
});
