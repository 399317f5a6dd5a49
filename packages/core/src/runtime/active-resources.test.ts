import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import {
  activeHandlesReader,
  activeRequestsReader,
  activeResourcesReader,
  countByConstructorName,
  countStrings,
} from './active-resources.js';

class Socket {}
class Server {}

describe('counting helpers', () => {
  it('groups by constructor name and skips values without one', () => {
    const counts = countByConstructorName([
      new Socket(),
      new Socket(),
      new Server(),
      null,
      Object.create(null),
      3,
    ]);
    assert.deepEqual(
      [...counts],
      [
        ['Socket', 2],
        ['Server', 1],
        ['Number', 1],
      ],
    );
  });

  it('counts strings', () => {
    assert.deepEqual(
      [...countStrings(['Timeout', 'TCPWRAP', 'Timeout'])],
      [
        ['Timeout', 2],
        ['TCPWRAP', 1],
      ],
    );
  });
});

describe('live readers', () => {
  it('see a listening server and a timer', async () => {
    const handles = activeHandlesReader();
    const requests = activeRequestsReader();
    const resources = activeResourcesReader();
    assert.ok(handles && requests && resources, 'Node 20 has all three APIs');
    const serversBefore = handles().get('Server') ?? 0;
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const timer = setInterval(() => {}, 60_000);
    try {
      assert.equal(handles().get('Server'), serversBefore + 1, [...handles().keys()].join());
      assert.ok((resources().get('TCPServerWrap') ?? 0) >= 1, [...resources().keys()].join());
      assert.ok((resources().get('Timeout') ?? 0) >= 1);
      assert.ok(requests() instanceof Map);
    } finally {
      clearInterval(timer);
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
