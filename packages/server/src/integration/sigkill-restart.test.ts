import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeWriteRequest, snappyCompress } from '../ingest/index.js';

const CHILD = new URL('../testing/server-child.js', import.meta.url).pathname;

function startChild(
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, [CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LISTENING (\S+)/.exec(output);
      if (match) resolve({ child, url: match[1] as string, exited });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${output}`)));
  });
}

// Like Prometheus's shards, each sender owns its series, so a series' samples arrive in order.
function request(batch: number, sender: number, seriesPerRequest: number): Uint8Array {
  const t = 1_700_000_000_000 + batch * 1000;
  const timeseries = [];
  for (let s = 0; s < seriesPerRequest; s++) {
    timeseries.push({
      labels: [
        { name: '__name__', value: 'crash_test_value' },
        { name: 'sender', value: String(sender) },
        { name: 'series', value: String(s) },
      ],
      samples: [{ value: batch, timestamp: t }],
    });
  }
  return snappyCompress(encodeWriteRequest({ timeseries, metadata: [] }));
}

async function send(url: string, body: Uint8Array): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/v1/write`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-protobuf',
        'content-encoding': 'snappy',
        'x-prometheus-remote-write-version': '0.1.0',
      },
      body,
    });
    return res.status === 204;
  } catch {
    return false;
  }
}

test('every acknowledged remote-write request survives SIGKILL during ingestion', {
  timeout: 120_000,
}, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'telemeter-crash-'));
  const seriesPerRequest = 50;
  try {
    for (let round = 0; round < 3; round++) {
      const { child, url, exited } = await startChild(dataDir);
      const acknowledged: number[][] = [[], [], [], []];
      const firstBatch = round * 100_000;
      let batch = firstBatch;
      let killed = false;
      const killAfterMs = 300 + round * 400;
      setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, killAfterMs);
      // Four concurrent senders, so the kill lands while requests are in flight.
      await Promise.all(
        [0, 1, 2, 3].map(async (sender) => {
          while (!killed) {
            const mine = batch++;
            if (await send(url, request(mine, sender, seriesPerRequest))) acknowledged[sender]?.push(mine);
          }
        }),
      );
      await exited;
      assert.ok(acknowledged.flat().length > 0, 'some requests were acknowledged before the kill');

      const restarted = await startChild(dataDir);
      try {
        const params = new URLSearchParams({
          query: `count_over_time(crash_test_value[${(batch - firstBatch) * 2}s])`,
          time: String(1_700_000_000 + batch),
        });
        const res = await fetch(`${restarted.url}/api/v1/query?${params}`);
        const body = (await res.json()) as {
          data: { result: { metric: { sender: string; series: string }; value: [number, string] }[] };
        };
        const bySender = new Map<string, number>();
        for (const row of body.data.result) {
          const count = Number(row.value[1]);
          const acked = acknowledged[Number(row.metric.sender)]?.length ?? 0;
          // Earlier rounds' samples lie outside the window; unacknowledged requests may or may not be there.
          assert.ok(
            count >= acked,
            `sender ${row.metric.sender} series ${row.metric.series}: ${count} samples < ${acked} acknowledged`,
          );
          bySender.set(row.metric.sender, (bySender.get(row.metric.sender) ?? 0) + 1);
        }
        for (const [sender, list] of acknowledged.entries()) {
          if (list.length > 0)
            assert.equal(
              bySender.get(String(sender)),
              seriesPerRequest,
              `sender ${sender}: every series is back`,
            );
          for (const acked of list) {
            const at = new URLSearchParams({
              query: `count(crash_test_value{sender="${sender}"} == ${acked})`,
              time: String(1_700_000_000 + acked),
            });
            const r = (await (await fetch(`${restarted.url}/api/v1/query?${at}`)).json()) as {
              data: { result: { value: [number, string] }[] };
            };
            assert.equal(
              r.data.result[0]?.value[1],
              String(seriesPerRequest),
              `request ${acked} is queryable, whole`,
            );
          }
        }
      } finally {
        restarted.child.kill('SIGTERM');
        await restarted.exited;
      }
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
