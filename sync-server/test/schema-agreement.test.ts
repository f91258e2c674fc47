import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../tests/postgres.js';
import { migrate, migrations } from '../database/migrations.js';
import { migratePostgres, postgresMigrations } from '../database/postgres-migrations.js';
import type { EntitlementDoc, OrderDoc } from '../../common/collections/index.js';
import { entitlementsOfCourse, readEntitlement, readOrder } from '../data/commerce-tables.js';
import { referencePrice } from '../../common/money/reference-price.js';
import { postgresDatabase } from '../sql/postgres-database.js';
import type { SqlClient } from '../sql/sql-database.js';
import { sqliteDatabase } from '../sql/sqlite-database.js';
import { postgresSchemaShape, sqliteSchemaShape, withoutDialectTables } from './schema-shape.js';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 120_000);
afterAll(async () => {
  await postgres?.stop();
});

describe('SQLite and PostgreSQL schemas', () => {
  it('have the same tables, columns, primary keys and indexes after every migration', async () => {
    for (let version = 1; version <= migrations.length; version++) {
      const sqlite = new Database(':memory:');
      migrate(sqlite, migrations.slice(0, version));
      const pool = new pg.Pool({ connectionString: await postgres.createDatabase() });
      const onSqlite = withoutDialectTables(sqliteSchemaShape(sqlite), 'sqlite');
      sqlite.close();
      let onPostgres;
      try {
        await migratePostgres(pool, postgresMigrations.slice(0, version));
        onPostgres = withoutDialectTables(await postgresSchemaShape(pool), 'postgres');
      } finally {
        await pool.end();
      }
      expect({ version, ...onPostgres }).toEqual({ version, ...onSqlite });
    }
  }, 120_000);

  it('notice a difference (a column one side lacks)', async () => {
    const sqlite = new Database(':memory:');
    migrate(sqlite);
    sqlite.exec('ALTER TABLE orders ADD COLUMN note TEXT');
    const pool = new pg.Pool({ connectionString: await postgres.createDatabase() });
    let onPostgres;
    try {
      await migratePostgres(pool);
      onPostgres = withoutDialectTables(await postgresSchemaShape(pool), 'postgres');
    } finally {
      await pool.end();
    }
    expect(onPostgres).not.toEqual(withoutDialectTables(sqliteSchemaShape(sqlite), 'sqlite'));
    expect(onPostgres.tables.orders?.columns).not.toContain('note');
  });
});

const order: OrderDoc = {
  id: 'ord_carried',
  userId: 'usr_learner',
  status: 'partially_refunded',
  items: [
    { courseId: 'course-b', amount: 1200, currency: 'CNY', refunded: true },
    { courseId: 'course-a', amount: 3400, currency: 'CNY', refunded: false },
  ],
  totalAmount: 4600,
  currency: 'CNY',
  receiptUrl: 'https://pay.example/receipt/1',
  testMode: false,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_500_000,
};
const pendingOrder: OrderDoc = {
  ...order,
  id: 'ord_pending',
  status: 'pending',
  items: [{ courseId: 'course-c', amount: 900, currency: 'CNY', refunded: false }],
  totalAmount: 900,
  testMode: true,
};
delete pendingOrder.receiptUrl;
const entitlements: EntitlementDoc[] = [
  {
    id: 'ent_usr_learner_course-a',
    userId: 'usr_learner',
    courseId: 'course-a',
    source: 'purchase',
    orderId: 'ord_carried',
    grantedAt: 1_700_000_100_000,
    signature: 'k1.signature-a',
    updatedAt: 1_700_000_100_000,
  },
  {
    id: 'ent_usr_learner_course-b',
    userId: 'usr_learner',
    courseId: 'course-b',
    source: 'grant',
    grantedAt: 1_700_000_100_000,
    revokedAt: 1_700_000_400_000,
    signature: 'k1.signature-b',
    updatedAt: 1_700_000_400_000,
  },
];
const documentRows = [
  ...[order, pendingOrder].map((doc, i) => ['orders', doc.id, i + 1, doc.userId, null, doc]),
  ...entitlements.map((doc, i) => ['entitlements', doc.id, i + 10, doc.userId, doc.courseId, doc]),
] as const;
const INSERT_DOCUMENT =
  'INSERT INTO documents (collection, id, seq, owner_id, is_public, deleted, data, updated_at, parent_id) VALUES (?, ?, ?, ?, 0, 0, ?, 0, ?)';

async function expectCarriedOver(db: SqlClient) {
  expect(await readOrder(db, order.id)).toEqual(order);
  expect(await readOrder(db, pendingOrder.id)).toEqual(pendingOrder);
  for (const entitlement of entitlements)
    expect(await readEntitlement(db, entitlement.userId, entitlement.courseId)).toEqual(entitlement);
  expect((await entitlementsOfCourse(db, 'course-a')).map((e) => e.id)).toEqual(['ent_usr_learner_course-a']);
}

describe('the commerce migration (14)', () => {
  it('carries orders, their lines and entitlements over from documents on SQLite', async () => {
    const sqlite = new Database(':memory:');
    migrate(sqlite, migrations.slice(0, 13));
    for (const [collection, id, seq, owner, parent, doc] of documentRows)
      sqlite.prepare(INSERT_DOCUMENT).run(collection, id, seq, owner, JSON.stringify(doc), parent);
    migrate(sqlite);
    await expectCarriedOver(sqliteDatabase(sqlite));
    sqlite.close();
  });

  it('carries them over the same way on PostgreSQL', async () => {
    const pool = new pg.Pool({ connectionString: await postgres.createDatabase() });
    const db = postgresDatabase(pool);
    try {
      await migratePostgres(pool, postgresMigrations.slice(0, 13));
      for (const [collection, id, seq, owner, parent, doc] of documentRows)
        await db.run(INSERT_DOCUMENT, [collection, id, seq, owner, JSON.stringify(doc), parent]);
      await migratePostgres(pool);
      await expectCarriedOver(db);
    } finally {
      await db.close();
    }
  });
});

/** Courses as servers before migration 15 stored them: no reference price, no learner count. */
const oldCourses = [
  { id: 'course-a', priceAmount: 8900, currency: 'CNY' },
  { id: 'course-b', priceAmount: 2400, currency: 'EUR' },
  // 18 fen is 2.5 US cents: halves round up on both databases.
  { id: 'course-c', priceAmount: 18, currency: 'CNY' },
  { id: 'course-d', priceAmount: 1999, currency: 'USD' },
] as const;

async function storedCourses(db: SqlClient) {
  const rows = await db.all<{ id: string; data: string }>(
    "SELECT id, data FROM documents WHERE collection = 'courses' ORDER BY id",
  );
  return rows.map((row) => {
    const doc = JSON.parse(row.data) as { priceReference: number; learnerCount: number; title: string };
    return [row.id, doc.priceReference, doc.learnerCount, doc.title];
  });
}

const expectedCourses = oldCourses.map((course) => [
  course.id,
  referencePrice(course.priceAmount, course.currency),
  // course-a is held (entitlement live), course-b's entitlement was revoked.
  course.id === 'course-a' ? 1 : 0,
  `title of ${course.id}`,
]);

describe('the storefront migration (15)', () => {
  const courseRows = oldCourses.map((course, i) => [
    'courses',
    course.id,
    100 + i,
    'creator-1',
    null,
    { ...course, title: `title of ${course.id}` },
  ]);

  it('keys every stored course by its reference price and counts its learners on SQLite', async () => {
    const sqlite = new Database(':memory:');
    migrate(sqlite, migrations.slice(0, 13));
    for (const [collection, id, seq, owner, parent, doc] of [...documentRows, ...courseRows])
      sqlite.prepare(INSERT_DOCUMENT).run(collection, id, seq, owner, JSON.stringify(doc), parent);
    migrate(sqlite);
    expect(await storedCourses(sqliteDatabase(sqlite))).toEqual(expectedCourses);
    expect(expectedCourses.map((row) => row[1])).toEqual([1236, 2609, 3, 1999]);
    sqlite.close();
  });

  it('does the same on PostgreSQL, rounding exactly as the app does', async () => {
    const pool = new pg.Pool({ connectionString: await postgres.createDatabase() });
    const db = postgresDatabase(pool);
    try {
      await migratePostgres(pool, postgresMigrations.slice(0, 13));
      for (const [collection, id, seq, owner, parent, doc] of [...documentRows, ...courseRows])
        await db.run(INSERT_DOCUMENT, [collection, id, seq, owner, JSON.stringify(doc), parent]);
      await migratePostgres(pool);
      expect(await storedCourses(db)).toEqual(expectedCourses);
    } finally {
      await db.close();
    }
  });
});
