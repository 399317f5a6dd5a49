import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import type { TestkitError } from './errors.js';
import { peerRequest, startHttpPeer } from './http-peer.js';

describe('startHttpPeer', () => {
  it('fails at once with the log of a peer that exits while starting, leaving no temp dir', async () => {
    const prefix = `telemeter-testkit-exits-${process.pid}-`;
    await assert.rejects(
      startHttpPeer({
        name: 'Doomed',
        binary: '/bin/sh',
        tempPrefix: prefix,
        readyPath: '/-/ready',
        // A 20 s ready timeout would be the failure if the exit were not noticed.
        readyTimeoutMs: 20_000,
        flags: () => ['-c', 'echo "bad flag: --nope" >&2; exit 3'],
      }),
      (error: TestkitError) => {
        assert.equal(error.code, 'TM_TESTKIT_PEER_START_FAILED');
        assert.match(
          error.message,
          /^Doomed \(\/bin\/sh\) exited with 3 before http:\/\/127\.0\.0\.1:\d+\/-\/ready/,
        );
        assert.match(error.message, /bad flag: --nope/);
        return true;
      },
    );
    const left = (await readdir(tmpdir())).filter((name) => name.startsWith(prefix));
    assert.deepEqual(left, []);
  });
});

describe('peerRequest', () => {
  it("throws with the peer's status and body on an error status", async () => {
    const server = createServer((_req, res) => {
      res.statusCode = 400;
      res.end('out of bounds');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    try {
      const url = `http://127.0.0.1:${address.port}/api/v1/write`;
      await assert.rejects(
        peerRequest('remote write', url, { method: 'POST', body: 'x' }),
        (error: TestkitError) => {
          assert.equal(error.code, 'TM_TESTKIT_PEER_REQUEST_FAILED');
          assert.equal(error.message, `remote write: POST ${url} answered 400: out of bounds`);
          return true;
        },
      );
    } finally {
      server.close();
    }
  });
});
