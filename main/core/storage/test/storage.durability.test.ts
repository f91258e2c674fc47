import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/helpers.js';
import { getRxStorageBetterSqlite3 } from '../index.js';
import { openInstance, prepare, randomSource } from './fixtures.js';

const newDir = useTempDirs();
const ROUNDS = 4;

/** Runs the writer until it has acknowledged `killAfter` batches, then SIGKILLs it mid-stream. */
async function writeThenKill(directory: string, killAfter: number, seed: number): Promise<number[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'durability-writer.ts'), directory, String(seed)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const acked: number[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.startsWith('ack ')) continue;
    acked.push(Number(line.slice(4)));
    if (acked.length >= killAfter) {
      child.kill('SIGKILL');
      break;
    }
  }
  await exited;
  return acked;
}

describe('durability', () => {
  it(`a writer killed mid-stream leaves every acknowledged batch and no partial one (${ROUNDS} rounds)`, async () => {
    const random = randomSource(4242);
    for (let round = 0; round < ROUNDS; round++) {
      const directory = newDir();
      const acked = await writeThenKill(directory, random.int(3, 15), round);

      const raw = new Database(join(directory, 'durability.sqlite'));
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();

      const instance = await openInstance(getRxStorageBetterSqlite3({ directory }), 'durability');
      const docs = (await instance.query(prepare({ selector: {} }))).documents;
      const perBatch = new Map<string, number>();
      for (const doc of docs) perBatch.set(doc.note!, (perBatch.get(doc.note!) ?? 0) + 1);
      // Every acknowledged batch is complete…
      for (const batch of acked) expect(perBatch.get(`batch-${batch}`), `round ${round} batch ${batch}`).toBe(400);
      // …and whatever else survived is complete too: at most the one batch committed before its ack was printed.
      for (const [batch, count] of perBatch) expect(count, `round ${round} ${batch}`).toBe(400);
      expect(perBatch.size - acked.length).toBeLessThanOrEqual(1);
      await instance.close();
    }
  }, 120_000);
});
