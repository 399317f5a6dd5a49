import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPalette } from './colour.js';
import { renderTable } from './table.js';
import { visibleLength } from './text.js';

describe('renderTable', () => {
  it('aligns columns, right-aligns numbers, trims trailing spaces, keeps headings apart', () => {
    const lines = renderTable(
      [{ header: 'NAME' }, { header: 'VALUE', align: 'right' }, { header: 'NOTE' }],
      [['a', '1', ''], { heading: 'group' }, ['longer', '1,234', 'x']],
    );
    assert.deepEqual(lines, ['NAME    VALUE  NOTE', 'a           1', 'group', 'longer  1,234  x']);
  });

  it('measures cells without their colour codes', () => {
    const paint = createPalette(true);
    const lines = renderTable([{ header: 'A' }, { header: 'B' }], [[paint.red('xx'), 'y']]);
    assert.equal(visibleLength(lines[1]!), 'xx  y'.length);
  });

  it('puts a cell longer than maxWidth on a line of its own instead of widening the column', () => {
    const lines = renderTable(
      [
        { header: 'S', maxWidth: 5 },
        { header: 'V', align: 'right' },
      ],
      [
        ['abc', '1'],
        ['abcdefghij', '2'],
        ['abcdefghij', ''],
      ],
    );
    assert.deepEqual(lines, ['S    V', 'abc  1', 'abcdefghij', '     2', 'abcdefghij']);
  });
});
