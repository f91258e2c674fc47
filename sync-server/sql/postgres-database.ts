import pg from 'pg';
import type { SqlClient, SqlDatabase } from './sql-database.js';

// BIGINT columns hold millisecond times and sequence numbers, all within 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Rewrites `?` placeholders to PostgreSQL's `$1, $2…` (our SQL never has `?` inside literals). */
export function toPostgresPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function clientOf(query: (sql: string, params: unknown[]) => Promise<pg.QueryResult>): SqlClient {
  return {
    dialect: 'postgres',
    all: async <T>(sql: string, params: readonly unknown[] = []) =>
      (await query(toPostgresPlaceholders(sql), [...params])).rows as T[],
    get: async <T>(sql: string, params: readonly unknown[] = []) =>
      (await query(toPostgresPlaceholders(sql), [...params])).rows[0] as T | undefined,
    run: async (sql: string, params: readonly unknown[] = []) => ({
      changes: (await query(toPostgresPlaceholders(sql), [...params])).rowCount ?? 0,
    }),
  };
}

/** PostgreSQL through a pool; a transaction holds one pooled connection from BEGIN to COMMIT. */
export function postgresDatabase(pool: pg.Pool, onClose: () => Promise<void> = async () => undefined): SqlDatabase {
  return {
    ...clientOf((sql, params) => pool.query(sql, params)),
    async transaction(work) {
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        const result = await work(clientOf((sql, params) => connection.query(sql, params)));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    },
    async close() {
      await pool.end();
      await onClose();
    },
  };
}

export function createPostgresPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // A PostgreSQL that is down fails a request after 5 s instead of queueing it forever.
    connectionTimeoutMillis: 5000,
    // No transaction may outlive a sequence lease (see sequence-allocator.ts).
    options: '-c statement_timeout=20000 -c idle_in_transaction_session_timeout=20000',
  });
  // A connection died (PostgreSQL restarted, the link dropped). Idle: the pool discards it and
  // opens a new one on next use. Checked out (a transaction, a sequence lease): its query in
  // flight fails with the error and the pool discards it on release. Either way the client also
  // emits `error`, which without a listener would end the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
