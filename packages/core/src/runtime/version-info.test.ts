import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseNodeVersion } from './version-info.js';

describe('parseNodeVersion', () => {
  it('splits release and pre-release versions', () => {
    assert.deepEqual(parseNodeVersion('v20.11.1'), {
      version: 'v20.11.1',
      major: '20',
      minor: '11',
      patch: '1',
    });
    assert.deepEqual(parseNodeVersion('v23.0.0-nightly2024'), {
      version: 'v23.0.0-nightly2024',
      major: '23',
      minor: '0',
      patch: '0',
    });
  });

  it('matches process.version', () => {
    const info = parseNodeVersion(process.version);
    assert.equal(`v${info.major}.${info.minor}.${info.patch}`, process.version.split('-')[0]);
  });

  it('gives empty parts instead of throwing on odd strings', () => {
    assert.deepEqual(parseNodeVersion('v21'), { version: 'v21', major: '21', minor: '', patch: '' });
    fc.assert(
      fc.property(fc.string(), (s) => {
        const info = parseNodeVersion(s);
        assert.equal(info.version, s);
      }),
    );
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), (a, b, c) => {
        assert.deepEqual(parseNodeVersion(`v${a}.${b}.${c}`), {
          version: `v${a}.${b}.${c}`,
          major: String(a),
          minor: String(b),
          patch: String(c),
        });
      }),
    );
  });
});
