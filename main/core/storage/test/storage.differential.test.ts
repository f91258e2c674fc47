import { getChangedDocumentsSince, type RxDocumentData, type RxStorageInstance } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/helpers.js';
import { getRxStorageBetterSqlite3 } from '../index.js';
import { openInstance, prepare, randomLearner, randomQuery, randomSource, type Learner } from './fixtures.js';

/**
 * The same documents and hundreds of random Mango queries, run through this storage and
 * through RxDB's own memory storage: results (in order) and counts must be identical.
 */
const SEED = Number(process.env.ZHIKU_DIFF_SEED ?? 20261124);
const DOCS = 600;
const QUERIES = 500;

const newDir = useTempDirs();
let sqlite: RxStorageInstance<Learner, unknown, unknown>;
let memory: RxStorageInstance<Learner, unknown, unknown>;

beforeAll(async () => {
  sqlite = await openInstance(getRxStorageBetterSqlite3({ directory: newDir() }), 'differential');
  memory = await openInstance(getRxStorageMemory(), `differential-${SEED}-${Date.now()}`);
  const random = randomSource(SEED);
  let lwt = 1_700_000_000_000;
  const docs = Array.from({ length: DOCS }, (_, i) => randomLearner(random, i, (lwt += random.int(0, 2))));
  for (let start = 0; start < docs.length; start += 150) {
    const rows = docs.slice(start, start + 150).map((document) => ({ document }));
    expect((await sqlite.bulkWrite(rows, 'insert')).error).toEqual([]);
    expect((await memory.bulkWrite(rows, 'insert')).error).toEqual([]);
  }
  // Updates, deletions and undeletions, with some writes sharing an lwt.
  const updates = docs
    .filter(() => random.chance(0.3))
    .map((previous) => {
      const next = randomLearner(random, 0, (lwt += random.int(0, 1)));
      const document: RxDocumentData<Learner> = { ...next, id: previous.id, _rev: '2-test' };
      return { previous, document };
    });
  expect((await sqlite.bulkWrite(updates, 'update')).error).toEqual([]);
  expect((await memory.bulkWrite(updates, 'update')).error).toEqual([]);
});

afterAll(async () => {
  await sqlite.close();
  await memory.close();
});

describe(`differential against the memory storage (seed ${SEED})`, () => {
  it(`returns identical documents in identical order for ${QUERIES} random queries`, async () => {
    const random = randomSource(SEED + 1);
    let nonEmpty = 0;
    const planKinds = new Set<string>();
    for (let n = 0; n < QUERIES; n++) {
      const query = randomQuery(random, { withSkipLimit: true });
      const prepared = prepare(query);
      planKinds.add(
        `selector:${prepared.queryPlan.selectorSatisfiedByIndex} sort:${prepared.queryPlan.sortSatisfiedByIndex}`,
      );
      const [ours, theirs] = await Promise.all([sqlite.query(prepared), memory.query(prepared)]);
      const describeQuery = `query #${n}: ${JSON.stringify(query)} plan ${JSON.stringify(prepared.queryPlan)}`;
      expect(
        ours.documents.map((d) => d.id),
        describeQuery,
      ).toEqual(theirs.documents.map((d) => d.id));
      expect(ours.documents, describeQuery).toEqual(theirs.documents);
      if (theirs.documents.length > 0) nonEmpty++;
    }
    // The generator must produce queries that actually select something.
    expect(nonEmpty).toBeGreaterThan(QUERIES / 3);
    // …and reach every execution path: SQL-only, JS matching in index order, JS sorting.
    expect([...planKinds].sort()).toEqual([
      'selector:false sort:false',
      'selector:false sort:true',
      'selector:true sort:false',
      'selector:true sort:true',
    ]);
  });

  it('returns identical counts', async () => {
    const random = randomSource(SEED + 2);
    for (let n = 0; n < QUERIES / 2; n++) {
      const query = randomQuery(random, { withSkipLimit: false });
      const prepared = prepare(query);
      const [ours, theirs] = await Promise.all([sqlite.count(prepared), memory.count(prepared)]);
      expect(ours.count, JSON.stringify(query)).toBe(theirs.count);
    }
  });

  it('finds the same documents by id, with and without deleted ones', async () => {
    const all = (await memory.query(prepare({ selector: {} }))).documents.map((d) => d.id);
    const ids = [...all.slice(0, 50), 'missing-id', ...all.slice(-20)];
    for (const withDeleted of [true, false]) {
      const [ours, theirs] = await Promise.all([
        sqlite.findDocumentsById(ids, withDeleted),
        memory.findDocumentsById(ids, withDeleted),
      ]);
      const byId = (docs: RxDocumentData<Learner>[]) => [...docs].sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(byId(ours)).toEqual(byId(theirs));
    }
  });

  it('pages through changes in the same order as RxDB’s generic query, across equal lwts', async () => {
    for (const pageSize of [1, 7, 100]) {
      const collect = async (instance: RxStorageInstance<Learner, unknown, unknown>, native: boolean) => {
        const seen: string[] = [];
        let checkpoint: { id: string; lwt: number } | undefined;
        for (;;) {
          const page = native
            ? await instance.getChangedDocumentsSince!(pageSize, checkpoint)
            : await getChangedDocumentsSince(
                { schema: instance.schema, query: (q: never) => instance.query(q) } as never,
                pageSize,
                checkpoint,
              );
          if (page.documents.length === 0) break;
          seen.push(...(page.documents as RxDocumentData<Learner>[]).map((d) => d.id));
          checkpoint = page.checkpoint as { id: string; lwt: number };
        }
        return seen;
      };
      const ours = await collect(sqlite, true);
      expect(ours).toEqual(await collect(memory, false));
      expect(new Set(ours).size).toBe(DOCS);
    }
  });
});
