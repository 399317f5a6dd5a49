import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DB } from './db.js';
import { readBatches, SERIES_PER_BATCH } from './testing/crash-workload.js';

const ROUNDS = 24;
const child = new URL('./testing/crash-child.js', import.meta.url).pathname;

function runUntilKilled(
  dir: string,
  delayMs: number,
): Promise<{ acked: number[]; stderr: string; started: boolean }> {
  return new Promise((resolve, reject) => {
    const proc: ChildProcess = spawn(process.execPath, [child, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let out = '';
    let stderr = '';
    let started = false;
    let timer: NodeJS.Timeout | undefined;
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      let nl = out.indexOf('\n');
      while (nl >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
        if (line.startsWith('start ') && !started) {
          started = true;
          // The kill lands at a random moment after the child has opened the store.
          timer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
        }
        nl = out.indexOf('\n');
      }
    });
    proc.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`crash child exited with ${code ?? signal}: ${stderr}`));
      else resolve({ acked, stderr, started });
    });
  });
}

describe('crash safety', () => {
  it(`loses no committed batch and leaves no half batch over ${ROUNDS} SIGKILLs`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'telemeter-crash-'));
    try {
      let everAcked = -1;
      let totalAcked = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const delay = 5 + Math.floor(Math.random() * 250);
        const { acked } = await runUntilKilled(dir, delay);
        totalAcked += acked.length;
        if (acked.length > 0) everAcked = Math.max(everAcked, ...acked);
        const db = DB.open(dir, {
          compactionIntervalMs: 0,
          retentionMs: 0,
          logger: { warn: () => {}, info: () => {} },
        });
        try {
          const batches = readBatches(db);
          for (let b = 0; b <= everAcked; b++) {
            const entry = batches.get(b);
            assert.ok(entry, `round ${round}: acknowledged batch ${b} is missing`);
          }
          for (const [b, entry] of batches) {
            assert.equal(
              entry.samples,
              SERIES_PER_BATCH,
              `round ${round}: batch ${b} is half there (${entry.samples} samples)`,
            );
            assert.ok(entry.marker, `round ${round}: batch ${b} lost its own series`);
          }
          const newest = batches.size === 0 ? -1 : Math.max(...batches.keys());
          assert.equal(batches.size, newest + 1, `round ${round}: batches are not a contiguous prefix`);
          // At most the one batch in flight at the kill may be there without its acknowledgement.
          assert.ok(
            newest <= everAcked + 1,
            `round ${round}: batch ${newest} exists but ${everAcked} was the last acknowledged`,
          );
          // The next child continues after what it finds, so a durable but unacknowledged batch counts from now on.
          everAcked = Math.max(everAcked, newest);
        } finally {
          await db.close();
        }
      }
      assert.ok(totalAcked > ROUNDS, `the child acknowledged only ${totalAcked} batches in ${ROUNDS} rounds`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
