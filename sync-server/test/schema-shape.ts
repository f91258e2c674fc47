import type { Database } from 'better-sqlite3';
import type pg from 'pg';

/**
 * The shape of a server database, the same way for SQLite and PostgreSQL: its tables with
 * their columns (name, NOT NULL) and primary keys, and its explicitly created indexes. Types
 * are left out on purpose (INTEGER on SQLite is BIGINT or INTEGER on PostgreSQL).
 */
export interface SchemaShape {
  tables: Record<string, { columns: string[]; primaryKey: string[] }>;
  indexes: Record<string, { table: string; columns: string[]; unique: boolean }>;
}

/** Tables one dialect needs for its own way of handing out sequence numbers (replication/sequence-allocator.ts). */
export const DIALECT_ONLY_TABLES = { sqlite: ['sequences'], postgres: ['seq_leases'] } as const;
/**
 * The catalogue's search tables are each dialect's own by design (catalog/catalog-search.ts):
 * FTS5 over external content with its shadow tables on SQLite, a tsvector column with a GIN
 * index on PostgreSQL. Their queries are tested on both backends instead (catalog-search.test.ts).
 */
const DIALECT_SHAPED_PREFIX = 'search_';

const column = (name: string, notNull: boolean) => `${name}${notNull ? ' NOT NULL' : ''}`;

export function sqliteSchemaShape(db: Database): SchemaShape {
  const shape: SchemaShape = { tables: {}, indexes: {} };
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  for (const { name } of tables) {
    const info = db
      .prepare('SELECT name, "notnull" AS not_null, pk FROM pragma_table_info(?) ORDER BY cid')
      .all(name) as {
      name: string;
      not_null: number;
      pk: number;
    }[];
    shape.tables[name] = {
      // A primary key is never null on PostgreSQL; SQLite allows it unless declared, so both count it NOT NULL.
      columns: info.map((c) => column(c.name, c.not_null === 1 || c.pk > 0)).sort(),
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
    };
  }
  const indexes = db
    .prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
    .all() as { name: string; tbl_name: string; sql: string }[];
  for (const index of indexes) {
    const columns = db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(index.name) as {
      name: string;
    }[];
    shape.indexes[index.name] = {
      table: index.tbl_name,
      columns: columns.map((c) => c.name),
      unique: /^CREATE UNIQUE/i.test(index.sql),
    };
  }
  return shape;
}

export async function postgresSchemaShape(client: pg.Pool | pg.Client): Promise<SchemaShape> {
  const shape: SchemaShape = { tables: {}, indexes: {} };
  const columns = await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
    "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
  );
  for (const row of columns.rows) {
    const table = (shape.tables[row.table_name] ??= { columns: [], primaryKey: [] });
    table.columns.push(column(row.column_name, row.is_nullable === 'NO'));
  }
  for (const table of Object.values(shape.tables)) table.columns.sort();
  const keys = await client.query<{ table_name: string; columns: string[] }>(
    `SELECT t.relname::text AS table_name, array_agg(a.attname::text ORDER BY k.ord) AS columns
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
     WHERE n.nspname = 'public' AND c.contype = 'p' GROUP BY t.relname`,
  );
  for (const row of keys.rows) if (shape.tables[row.table_name]) shape.tables[row.table_name]!.primaryKey = row.columns;
  // Indexes made by CREATE INDEX, not those behind a PRIMARY KEY or UNIQUE constraint (SQLite's autoindexes).
  const indexes = await client.query<{ index_name: string; table_name: string; unique: boolean; columns: string[] }>(
    `SELECT i.relname::text AS index_name, t.relname::text AS table_name, ix.indisunique AS unique, array_agg(a.attname::text ORDER BY k.ord) AS columns
     FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
     WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
     GROUP BY i.relname, t.relname, ix.indisunique`,
  );
  for (const row of indexes.rows)
    shape.indexes[row.index_name] = { table: row.table_name, columns: row.columns, unique: row.unique };
  return shape;
}

/** The shape without the tables only one dialect has. */
export function withoutDialectTables(shape: SchemaShape, dialect: keyof typeof DIALECT_ONLY_TABLES): SchemaShape {
  const only = new Set<string>(DIALECT_ONLY_TABLES[dialect]);
  const skip = (table: string) => only.has(table) || table.startsWith(DIALECT_SHAPED_PREFIX);
  return {
    tables: Object.fromEntries(Object.entries(shape.tables).filter(([name]) => !skip(name))),
    indexes: Object.fromEntries(Object.entries(shape.indexes).filter(([, index]) => !skip(index.table))),
  };
}
