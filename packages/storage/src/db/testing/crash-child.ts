// Appends batches in a loop and prints each batch number once its commit has resolved; the crash
// tests kill this process with SIGKILL at a random moment. The maintenance pass (head cut,
// compaction, WAL checkpoint) runs either between batches (`between`, every 7th batch) or
// alongside them (`alongside`, started every 5th batch and not awaited), so kills land inside
// maintenance too — in the second mode while commits race the checkpoint.
import { DB } from '../db.js';
import { BLOCK_RANGE_MS, readBatches, writeBatch } from './crash-workload.js';

const dir = process.argv[2] as string;
const alongside = process.argv[3] === 'alongside';
const db = DB.open(dir, {
  blockRangeMs: BLOCK_RANGE_MS,
  compactionIntervalMs: 0,
  retentionMs: 0,
  fsync: 'commit',
  logger: { warn: (m) => process.stderr.write(`warn: ${m}\n`), info: () => {} },
});
const present = readBatches(db);
let next = present.size === 0 ? 0 : Math.max(...present.keys()) + 1;
process.stdout.write(`start ${next}\n`);
for (;;) {
  await writeBatch(db, next);
  process.stdout.write(`ack ${next}\n`);
  next++;
  if (!alongside && next % 7 === 0) await db.compact();
  if (alongside && next % 5 === 0) {
    db.compact().catch((err: unknown) => {
      process.stderr.write(`maintenance failed: ${String(err)}\n`);
      process.exit(3);
    });
  }
}
