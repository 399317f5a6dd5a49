import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { waitFor } from '@telemeter/testkit';
import { startLiveFixture } from './testing/live-fixture.js';

/** Completes a WebSocket handshake by hand, then never answers anything: a client that went away silently. */
async function silentClient(url: string): Promise<{ socket: Socket; closed: Promise<void> }> {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  let received = '';
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) resolve();
    });
    socket.write(
      [
        `GET ${pathname} HTTP/1.1`,
        `Host: ${hostname}:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
  });
  assert.match(received, /^HTTP\/1\.1 101 /);
  return { socket, closed };
}

describe('live stream: keepalive', () => {
  it('drops a connection that stops answering pings and keeps one that answers', async () => {
    const f = await startLiveFixture({ keepaliveMs: 100 });
    try {
      const live = await f.connect();
      await live.expect('hello');
      const silent = await silentClient(f.url);
      assert.equal(f.stream.connections(), 2);
      await silent.closed;
      await waitFor('the silent connection to be forgotten', () =>
        f.stream.connections() === 1 ? true : undefined,
      );
      assert.ok(f.logs.some((l) => /dropping 127\.0\.0\.1: no answer to ping/.test(l)));
      live.send({ type: 'ping' });
      assert.equal((await live.expect('pong')).type, 'pong');
      assert.equal(f.stream.connections(), 1);
    } finally {
      await f.close();
    }
  });
});
