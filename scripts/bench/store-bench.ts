/**
 * `npm run bench:store`: the same work done by our RxStorage (through RxDB, and at the
 * storage interface) and by raw better-sqlite3 with hand-written SQL, in one process, on
 * the same machine, with the same pragmas (WAL, synchronous=FULL). Prints figures and ratios.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createRxDatabase, normalizeMangoQuery, prepareQuery, type RxCollection, type RxJsonSchema } from 'rxdb';
import { checkDatabaseFile } from '../../main/core/database/damaged-database.ts';
import { getRxStorageBetterSqlite3 } from '../../main/core/storage/index.ts';

interface BenchDoc {
  id: string;
  seq: number;
  category: string;
  price: number;
  updatedAt: number;
  title: string;
  body: string;
}

const schema: RxJsonSchema<BenchDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 40 },
    seq: { type: 'integer', minimum: 0, maximum: 10_000_000, multipleOf: 1 },
    category: { type: 'string', maxLength: 20 },
    price: { type: 'integer', minimum: 0, maximum: 1_000_000, multipleOf: 1 },
    updatedAt: { type: 'integer', minimum: 0, maximum: 1e15, multipleOf: 1 },
    title: { type: 'string' },
    body: { type: 'string' },
  },
  required: ['id', 'seq', 'category', 'price', 'updatedAt', 'title', 'body'],
  indexes: ['seq', 'category', 'price', 'updatedAt'],
};

const CATEGORIES = ['programming', 'data', 'design', 'business', 'language', 'history', 'music', 'growth'];
const makeDoc = (n: number): BenchDoc => ({
  id: `course-${String(n).padStart(7, '0')}`,
  seq: n,
  category: CATEGORIES[n % CATEGORIES.length]!,
  price: (n * 7919) % 50_000,
  updatedAt: 1_700_000_000_000 + n,
  title: `算法导论 第${n}讲 — Lesson ${n}`,
  body: `这是一段课程简介，用来让文档接近真实大小。An overview of lesson ${n}, long enough to look like real catalog text. `.repeat(
    3,
  ),
});

const scratch = mkdtempSync(join(tmpdir(), 'zhiku-bench-'));
let dbCounter = 0;

function openRaw(): Database.Database {
  const db = new Database(join(scratch, `raw-${dbCounter++}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE docs (id TEXT PRIMARY KEY, data TEXT NOT NULL, deleted INTEGER NOT NULL, lwt REAL NOT NULL, seq INTEGER, category TEXT, price INTEGER, updated_at INTEGER);
    CREATE INDEX docs_seq ON docs(deleted, seq); CREATE INDEX docs_category ON docs(deleted, category); CREATE INDEX docs_price ON docs(deleted, price);
    CREATE INDEX docs_updated ON docs(deleted, updated_at); CREATE INDEX docs_lwt ON docs(lwt, id);`);
  return db;
}

function rawInsert(db: Database.Database, docs: BenchDoc[]): void {
  const insert = db.prepare(
    'INSERT INTO docs (id, data, deleted, lwt, seq, category, price, updated_at) VALUES (?, ?, 0, ?, ?, ?, ?, ?)',
  );
  const lwt = Date.now();
  db.transaction(() => {
    for (const doc of docs) {
      // The same document shape RxDB stores, so both sides serialize the same bytes.
      const stored = { ...doc, _deleted: false, _rev: '1-bench', _meta: { lwt }, _attachments: {} };
      insert.run(doc.id, JSON.stringify(stored), lwt, doc.seq, doc.category, doc.price, doc.updatedAt);
    }
  })();
}

async function openRx(name: string): Promise<RxCollection<BenchDoc>> {
  const db = await createRxDatabase({
    name,
    storage: getRxStorageBetterSqlite3({ directory: scratch }),
    multiInstance: false,
  });
  const { docs } = await db.addCollections({ docs: { schema } });
  return docs as RxCollection<BenchDoc>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
async function time(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const rows: { work: string; ours: string; raw: string; ratio: string; goal: string }[] = [];
const fmt = (ms: number) => (ms >= 10 ? ms.toFixed(1) : ms.toFixed(3));

// 1. Bulk insert of 10,000 documents, five fresh databases each.
{
  const docs = Array.from({ length: 10_000 }, (_, n) => makeDoc(n));
  const rx: number[] = [];
  const storageOnly: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < 5; round++) {
    const collection = await openRx(`insert${round}`);
    rx.push(await time(() => collection.bulkInsert(docs)));
    await collection.database.close();
    const direct = await openRx(`insertdirect${round}`);
    const lwt = Date.now();
    const writeRows = docs.map((doc) => ({
      document: { ...doc, _deleted: false, _rev: '1-bench', _meta: { lwt }, _attachments: {} },
    }));
    storageOnly.push(await time(() => direct.storageInstance.bulkWrite(writeRows, 'bench')));
    await direct.database.close();
    const db = openRaw();
    raw.push(await time(() => rawInsert(db, docs)));
    db.close();
  }
  const oursPerSecond = 10_000 / (median(rx) / 1000);
  const rawPerSecond = 10_000 / (median(raw) / 1000);
  rows.push({
    work: 'bulk insert 10,000 docs (docs/s, median of 5)',
    ours: Math.round(oursPerSecond).toLocaleString('en'),
    raw: Math.round(rawPerSecond).toLocaleString('en'),
    ratio: `${((100 * oursPerSecond) / rawPerSecond).toFixed(0)}% of raw`,
    goal: '≥ 50% of raw',
  });
  const storagePerSecond = 10_000 / (median(storageOnly) / 1000);
  rows.push({
    work: '  …of which at the storage (bulkWrite()), docs/s',
    ours: Math.round(storagePerSecond).toLocaleString('en'),
    raw: Math.round(rawPerSecond).toLocaleString('en'),
    ratio: `${((100 * storagePerSecond) / rawPerSecond).toFixed(0)}% of raw`,
    goal: '—',
  });
}

// A 100,000-document database on each side for the reads.
const big = await openRx('reads');
const rawBig = openRaw();
const all = Array.from({ length: 100_000 }, (_, n) => makeDoc(n));
for (let start = 0; start < all.length; start += 10_000) {
  await big.bulkInsert(all.slice(start, start + 10_000));
  rawInsert(rawBig, all.slice(start, start + 10_000));
}
const storageInstance = big.storageInstance;
const QUERIES = 300;
const starts = Array.from({ length: QUERIES }, (_, i) => (i * 331) % 99_900);

// 2. Indexed range query returning 100 of 100,000 documents.
{
  const rxTimes: number[] = [];
  const storageTimes: number[] = [];
  const rawTimes: number[] = [];
  const rawQuery = rawBig
    .prepare('SELECT data FROM docs WHERE deleted = 0 AND seq >= ? AND seq < ? ORDER BY seq')
    .pluck();
  for (const from of starts) {
    const selector = { seq: { $gte: from, $lt: from + 100 } };
    let count = 0;
    rxTimes.push(await time(async () => (count = (await big.find({ selector }).exec()).length)));
    if (count !== 100) throw new Error(`expected 100 documents, got ${count}`);
    const prepared = prepareQuery(
      big.schema.jsonSchema,
      normalizeMangoQuery(big.schema.jsonSchema, { selector: { ...selector, _deleted: { $eq: false } } as never }),
    );
    storageTimes.push(await time(() => storageInstance.query(prepared)));
    rawTimes.push(
      await time(() => (rawQuery.all(from, from + 100) as string[]).map((data) => JSON.parse(data) as unknown)),
    );
  }
  for (const [label, ours] of [
    ['through RxDB (find().exec())', rxTimes],
    ['at the storage (query())', storageTimes],
  ] as const) {
    rows.push({
      work: `range query, 100 of 100,000 docs, ${label}: p50 / p95 ms`,
      ours: `${fmt(median(ours))} / ${fmt(percentile(ours, 95))}`,
      raw: `${fmt(median(rawTimes))} / ${fmt(percentile(rawTimes, 95))}`,
      ratio: `${(median(ours) / median(rawTimes)).toFixed(2)}× raw`,
      goal: '≤ 3× raw',
    });
  }
}

// 3. Count over an index.
{
  const rxTimes: number[] = [];
  const rawTimes: number[] = [];
  const rawCount = rawBig.prepare('SELECT COUNT(*) FROM docs WHERE deleted = 0 AND category = ?').pluck();
  for (let i = 0; i < 100; i++) {
    const category = CATEGORIES[i % CATEGORIES.length]!;
    let n = 0;
    rxTimes.push(
      await time(
        async () =>
          (n = await storageInstance
            .count(
              prepareQuery(
                big.schema.jsonSchema,
                normalizeMangoQuery(big.schema.jsonSchema, {
                  selector: { category, _deleted: { $eq: false } } as never,
                }),
              ),
            )
            .then((r) => r.count)),
      ),
    );
    if (n !== 12_500) throw new Error(`expected 12,500, got ${n}`);
    rawTimes.push(await time(() => rawCount.get(category)));
  }
  rows.push({
    work: 'count over an index (12,500 of 100,000): p50 ms',
    ours: fmt(median(rxTimes)),
    raw: fmt(median(rawTimes)),
    ratio: `${(median(rxTimes) / median(rawTimes)).toFixed(2)}× raw`,
    goal: '—',
  });
}

// 4. Changes since a checkpoint, 1,000 per page from the middle.
{
  const middle = await storageInstance.getChangedDocumentsSince!(50_000);
  const rxTimes: number[] = [];
  const rawTimes: number[] = [];
  const rawChanges = rawBig
    .prepare('SELECT data FROM docs WHERE (lwt, id) > (?, ?) ORDER BY lwt, id LIMIT 1000')
    .pluck();
  const checkpoint = middle.checkpoint as { id: string; lwt: number };
  for (let i = 0; i < 50; i++) {
    rxTimes.push(await time(() => storageInstance.getChangedDocumentsSince!(1000, checkpoint)));
    rawTimes.push(
      await time(() =>
        (rawChanges.all(checkpoint.lwt, checkpoint.id) as string[]).map((d) => JSON.parse(d) as unknown),
      ),
    );
  }
  rows.push({
    work: 'changes since a checkpoint, 1,000 docs: p50 ms',
    ours: fmt(median(rxTimes)),
    raw: fmt(median(rawTimes)),
    ratio: `${(median(rxTimes) / median(rawTimes)).toFixed(2)}× raw`,
    goal: '—',
  });
}

await big.database.close();
rawBig.close();

// 5. The start-up integrity check (main/core/database/damaged-database.ts) on the 100,000-document
//    file, beside reading the same file once from disk.
{
  const bigFile = readdirSync(scratch)
    .filter((name) => name.endsWith('.sqlite') && !name.startsWith('raw-'))
    .map((name) => join(scratch, name))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  const checks: number[] = [];
  const reads: number[] = [];
  for (let i = 0; i < 5; i++) {
    checks.push(
      await time(() => {
        if (!checkDatabaseFile(bigFile).ok) throw new Error('the bench database should be sound');
      }),
    );
    reads.push(await time(() => readFileSync(bigFile).length));
  }
  rows.push({
    work: `start-up quick_check, 100,000 docs (${(statSync(bigFile).size / 1024 / 1024).toFixed(0)} MiB): p50 ms`,
    ours: fmt(median(checks)),
    raw: `${fmt(median(reads))} (reading the file)`,
    ratio: `${(median(checks) / median(reads)).toFixed(2)}× a read`,
    goal: '—',
  });
}
rmSync(scratch, { recursive: true, force: true });

console.log(
  `\nbench:store — Node ${process.versions.node}, SQLite ${new Database(':memory:').prepare('select sqlite_version()').pluck().get() as string}, ${new Date().toISOString()}\n`,
);
console.table(rows);
