import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { colourEnabled, createPalette } from './colour.js';

describe('colourEnabled', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true, isTTY: false };
  it('is on for a TTY, off for a pipe', () => {
    assert.equal(colourEnabled(tty, {}), true);
    assert.equal(colourEnabled(pipe, {}), false);
    assert.equal(colourEnabled(tty, { TERM: 'dumb' }), false);
  });
  it('NO_COLOR (non-empty) turns it off; FORCE_COLOR turns it on, FORCE_COLOR=0 off', () => {
    assert.equal(colourEnabled(tty, { NO_COLOR: '1' }), false);
    assert.equal(colourEnabled(tty, { NO_COLOR: '' }), true);
    assert.equal(colourEnabled(pipe, { FORCE_COLOR: '1' }), true);
    assert.equal(colourEnabled(pipe, { FORCE_COLOR: '' }), true);
    assert.equal(colourEnabled(tty, { FORCE_COLOR: '0' }), false);
    assert.equal(colourEnabled(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }), true);
  });
  it('a disabled palette returns text unchanged', () => {
    const paint = createPalette(false);
    assert.equal(paint.red('x') + paint.bold('y'), 'xy');
    assert.equal(createPalette(true).red('x'), '\x1b[31mx\x1b[39m');
  });
});
