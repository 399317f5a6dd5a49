// Child process for the kill -9 test (crash.test.ts): logs numbered records with fsync 'commit',
// 16 in flight at a time, and prints each number once its log() resolved. Every 150 records it
// cuts a segment and checkpoints, so kills also land inside checkpoints. Runs until killed.
// Usage: node wal-crash-child.js <wal dir>

import { Wal } from '../wal.js';
import { checkpointMarker, crashRecord, verifyCrashLog } from './crash-records.js';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: wal-crash-child <wal dir>');

const wal = Wal.open(dir, {
  segmentBytes: 4096,
  fsync: 'commit',
  logger: { warn: (m) => process.stderr.write(`warn: ${m}\n`), info: () => {} },
});
const existing: Uint8Array[] = [];
wal.replay((r) => existing.push(r.slice()));
let next = verifyCrashLog(existing);
let inFlight = 0;
let checkpointing = false;

function pump(): void {
  while (inFlight < 16) {
    const seq = next++;
    inFlight++;
    wal.log(crashRecord(seq)).then(
      () => {
        // A pipe write is synchronous on Linux: once this returns the parent can read the number.
        process.stdout.write(`${seq}\n`);
        inFlight--;
        pump();
      },
      (err: unknown) => {
        process.stderr.write(`log failed: ${String(err)}\n`);
        process.exit(2);
      },
    );
    if (next % 150 === 0 && !checkpointing) {
      const cut = wal.cutSegment();
      checkpointing = true;
      wal.checkpoint(cut - 1, [checkpointMarker(next)]).then(
        () => {
          checkpointing = false;
        },
        (err: unknown) => {
          process.stderr.write(`checkpoint failed: ${String(err)}\n`);
          process.exit(2);
        },
      );
    }
  }
}
pump();
