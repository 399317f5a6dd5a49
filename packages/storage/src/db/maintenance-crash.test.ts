import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DB } from './db.js';
import { readBatches, SERIES_PER_BATCH } from './testing/crash-workload.js';

const ROUNDS = 12;
const child = new URL('./testing/maintenance-crash-child.js', import.meta.url).pathname;

/** Runs the child until a SIGKILL `delayMs` after it opened the store; returns the batches it acknowledged. */
function runUntilKilled(dir: string, delayMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let out = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
        if (line.startsWith('start ') && timer === undefined)
          timer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
      }
    });
    proc.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`crash child exited with ${code ?? signal}: ${stderr}`));
      else resolve(acked);
    });
  });
}

describe('crash safety with maintenance running alongside appends', () => {
  it(`loses no committed batch and leaves no half batch over ${ROUNDS} SIGKILLs`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'telemeter-maintenance-crash-'));
    try {
      let everAcked = -1;
      let cuts = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const acked = await runUntilKilled(dir, 20 + Math.floor(Math.random() * 300));
        if (acked.length > 0) everAcked = Math.max(everAcked, ...acked);
        const db = DB.open(dir, {
          compactionIntervalMs: 0,
          retentionMs: 0,
          logger: { warn: () => {}, info: () => {} },
        });
        try {
          cuts = db.blocks.length;
          const batches = readBatches(db);
          for (let b = 0; b <= everAcked; b++)
            assert.ok(batches.has(b), `round ${round}: acknowledged batch ${b} is missing`);
          for (const [b, entry] of batches) {
            assert.equal(entry.samples, SERIES_PER_BATCH, `round ${round}: batch ${b} is half there`);
            assert.ok(entry.marker, `round ${round}: batch ${b} lost its own series`);
          }
          const newest = batches.size === 0 ? -1 : Math.max(...batches.keys());
          assert.equal(batches.size, newest + 1, `round ${round}: batches are not a contiguous prefix`);
          assert.ok(newest <= everAcked + 1, `round ${round}: batch ${newest} was never acknowledged`);
          everAcked = Math.max(everAcked, newest);
        } finally {
          await db.close();
        }
      }
      assert.ok(cuts > 0, 'the head was never cut into a block');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
