// Appends batches in a loop and prints each batch number once its commit has resolved; the crash
// test kills this process with SIGKILL at a random moment. Every few batches it also runs the
// maintenance pass (head cut, compaction, WAL checkpoint), so kills land inside those too.
import { DB } from '../db.js';
import { BLOCK_RANGE_MS, readBatches, writeBatch } from './crash-workload.js';

const dir = process.argv[2] as string;
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
  if (next % 7 === 0) await db.compact();
}
