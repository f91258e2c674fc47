/**
 * Child process for the durability test: writes batches forever, printing `ack <n>` only
 * after bulkWrite of batch n resolved. The parent kills it at a random moment.
 *   node --import tsx durability-writer.ts <directory>
 */
import { writeSync } from 'node:fs';
import { getRxStorageBetterSqlite3 } from '../index.js';
import { openInstance, randomLearner, randomSource } from './fixtures.js';

const BATCH = 400;
const directory = process.argv[2]!;
const instance = await openInstance(getRxStorageBetterSqlite3({ directory }), 'durability');
const random = randomSource(Number(process.argv[3] ?? 1));
let lwt = 1_000_000;
writeSync(1, 'ready\n');
for (let batch = 0; ; batch++) {
  const rows = Array.from({ length: BATCH }, (_, n) => {
    const doc = randomLearner(random, n, ++lwt);
    // Every document of a batch carries the batch number, so a partial batch is detectable.
    return { document: { ...doc, id: `b${batch}-${n}`, age: batch % 150, note: `batch-${batch}`, _deleted: false } };
  });
  const result = await instance.bulkWrite(rows, 'durability');
  if (result.error.length > 0) throw new Error(`write errors in batch ${batch}`);
  writeSync(1, `ack ${batch}\n`);
}
