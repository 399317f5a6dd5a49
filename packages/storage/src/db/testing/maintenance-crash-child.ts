// Like crash-child.ts, but the maintenance pass runs alongside the appends instead of between
// them: batches commit while the head is cut, truncated and its WAL checkpointed, so kills land
// in checkpoints that commits are racing.
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
  if (next % 5 === 0) {
    db.compact().catch((err: unknown) => {
      process.stderr.write(`maintenance failed: ${String(err)}\n`);
      process.exit(3);
    });
  }
}
