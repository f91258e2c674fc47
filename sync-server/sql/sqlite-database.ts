import type { Database, Statement } from 'better-sqlite3';
import type { SqlClient, SqlDatabase } from './sql-database.js';

/**
 * SQLite through better-sqlite3. Its calls are synchronous, but a transaction's work is
 * async (it awaits between statements), so every access takes a lock: nothing from another
 * request can run inside an open transaction.
 */
export function sqliteDatabase(db: Database): SqlDatabase {
  let lock: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T> | T): Promise<T> => {
    const result = lock.then(work, work);
    lock = result.catch(() => undefined);
    return result;
  };

  const normalize = (params: readonly unknown[]) =>
    params.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
  // Preparing costs more than running a small query: each distinct SQL text is prepared once.
  const statements = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const direct: SqlClient = {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: readonly unknown[] = []) => prepared(sql).all(...normalize(params)) as T[],
    get: async <T>(sql: string, params: readonly unknown[] = []) =>
      prepared(sql).get(...normalize(params)) as T | undefined,
    run: async (sql: string, params: readonly unknown[] = []) => ({
      changes: prepared(sql).run(...normalize(params)).changes,
    }),
  };

  return {
    dialect: 'sqlite',
    all: (sql, params) => exclusive(() => direct.all(sql, params)),
    get: (sql, params) => exclusive(() => direct.get(sql, params)),
    run: (sql, params) => exclusive(() => direct.run(sql, params)),
    transaction: (work) =>
      exclusive(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: () => exclusive(() => void db.close()),
  };
}
