import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../tests/postgres.js';
import { migrations } from '../database/migrations.js';
import { migratePostgres, postgresMigrations } from '../database/postgres-migrations.js';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 120_000);
afterAll(async () => {
  await postgres?.stop();
});

describe('PostgreSQL migrations', () => {
  it('match the SQLite ones version for version', () => {
    expect(postgresMigrations.map((m) => [m.version, m.name])).toEqual(migrations.map((m) => [m.version, m.name]));
  });

  it('bring an empty database to the newest version, idempotently, and upgrade each earlier version', async () => {
    const pool = new pg.Pool({ connectionString: await postgres.createDatabase() });
    expect(await migratePostgres(pool)).toBe(postgresMigrations.length);
    expect(await migratePostgres(pool)).toBe(postgresMigrations.length);
    await pool.end();
    for (let version = 1; version < postgresMigrations.length; version++) {
      const older = new pg.Pool({ connectionString: await postgres.createDatabase() });
      expect(await migratePostgres(older, postgresMigrations.slice(0, version))).toBe(version);
      expect(await migratePostgres(older)).toBe(postgresMigrations.length);
      await older.end();
    }
  });

  it('run once when several servers start at the same time', async () => {
    const url = await postgres.createDatabase();
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: url }));
    expect(await Promise.all(pools.map((pool) => migratePostgres(pool)))).toEqual(
      [3, 3, 3, 3].map(() => postgresMigrations.length),
    );
    const rows = await pools[0]!.query('SELECT COUNT(*)::int AS n FROM schema_migrations');
    expect(rows.rows[0]).toEqual({ n: postgresMigrations.length });
    await Promise.all(pools.map((pool) => pool.end()));
  });
});
