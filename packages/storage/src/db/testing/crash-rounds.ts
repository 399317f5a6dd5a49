// The crash tests' loop: start the writer child, SIGKILL it at a random moment, reopen the data
// directory and check what survived — every acknowledged batch present, no batch half there,
// batches a contiguous prefix, at most the one in flight present without its acknowledgement.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DB } from '../db.js';
import { readBatches, SERIES_PER_BATCH } from './crash-workload.js';

const child = new URL('./crash-child.js', import.meta.url).pathname;

/** Runs the child until a SIGKILL `delayMs` after it opened the store; returns the batches it acknowledged. */
function runUntilKilled(dir: string, mode: 'between' | 'alongside', delayMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, dir, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
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

export interface CrashRoundsResult {
  /** Batches acknowledged over all rounds. */
  readonly acknowledged: number;
  /** Blocks in the directory after the last round. */
  readonly blocks: number;
}

export async function runCrashRounds(options: {
  rounds: number;
  mode: 'between' | 'alongside';
  minDelayMs: number;
  maxDelayMs: number;
}): Promise<CrashRoundsResult> {
  const dir = mkdtempSync(join(tmpdir(), `telemeter-crash-${options.mode}-`));
  try {
    let everAcked = -1;
    let acknowledged = 0;
    let blocks = 0;
    for (let round = 0; round < options.rounds; round++) {
      const delay =
        options.minDelayMs + Math.floor(Math.random() * (options.maxDelayMs - options.minDelayMs));
      const acked = await runUntilKilled(dir, options.mode, delay);
      acknowledged += acked.length;
      if (acked.length > 0) everAcked = Math.max(everAcked, ...acked);
      const db = DB.open(dir, {
        compactionIntervalMs: 0,
        retentionMs: 0,
        logger: { warn: () => {}, info: () => {} },
      });
      try {
        blocks = db.blocks.length;
        const batches = readBatches(db);
        for (let b = 0; b <= everAcked; b++)
          assert.ok(batches.has(b), `round ${round}: acknowledged batch ${b} is missing`);
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
    return { acknowledged, blocks };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
