import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isLoopback, parseListen } from './listen.js';

describe('parseListen (--listen)', () => {
  it('reads HOST:PORT, [IPv6]:PORT, :PORT and PORT', () => {
    assert.deepEqual(parseListen('127.0.0.1:9464'), { host: '127.0.0.1', port: 9464 });
    assert.deepEqual(parseListen('[::1]:9464'), { host: '::1', port: 9464 });
    assert.deepEqual(parseListen(':9465'), { host: '127.0.0.1', port: 9465 });
    assert.deepEqual(parseListen('0'), { host: '127.0.0.1', port: 0 });
    assert.deepEqual(parseListen('localhost:80'), { host: 'localhost', port: 80 });
  });
  it('says what is wrong', () => {
    assert.match(parseListen('nope') as string, /expected HOST:PORT/);
    assert.match(parseListen('host:http') as string, /port must be a number/);
    assert.match(parseListen('host:70000') as string, /from 0 to 65535/);
    assert.match(parseListen('::1:80') as string, /expected HOST:PORT/);
  });
  it('round-trips any IPv4 address and port', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 65_535 }), (host, port) => {
        assert.deepEqual(parseListen(`${host}:${port}`), { host, port });
      }),
    );
  });
  it('knows loopback hosts', () => {
    assert.ok(
      isLoopback('127.0.0.1') && isLoopback('127.1.2.3') && isLoopback('::1') && isLoopback('localhost'),
    );
    assert.ok(!isLoopback('0.0.0.0') && !isLoopback('10.0.0.1') && !isLoopback('::'));
  });
});
