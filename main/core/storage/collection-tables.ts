import type { RxDocumentData, RxJsonSchema } from 'rxdb';
import { INDEX_KEY_FORMAT } from './index-keys.js';
import type { SqliteFile } from './sqlite-file.js';

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface CollectionTables {
  /** The documents table's name, unquoted (its row in the collections table). */
  name: string;
  /** Quoted name of the documents table. */
  docs: string;
  /** The format its index keys were written in (index-keys.ts); another than today's is rebuilt. */
  keyFormat: number;
  /** Quoted name of the attachments table. */
  attachments: string;
  /** The RxDB indexes of the schema, in order; column `i<n>` holds the key of index n. */
  indexes: string[][];
  indexColumn(index: readonly string[]): string;
}

const META_TABLE = 'zhiku_rx_collections';

/**
 * Creates (if needed) the tables of one collection at one schema version. Each of the
 * schema's indexes is a BLOB column with an SQLite index over it; `deleted, lwt` has its
 * own index for cleanup. A table made for other indexes is refused, never reinterpreted.
 */
export function ensureCollectionTables<RxDocType>(
  file: SqliteFile,
  collectionName: string,
  schema: RxJsonSchema<RxDocumentData<RxDocType>>,
): CollectionTables {
  const base = `rx__${collectionName}__v${schema.version}`;
  const docs = quoteIdentifier(base);
  const attachments = quoteIdentifier(`${base}__attachments`);
  const indexes: string[][] = (schema.indexes ?? []).map((index: string | readonly string[]) =>
    typeof index === 'string' ? [index] : [...index],
  );
  const indexJson = JSON.stringify(indexes);
  const columns = indexes.map((_, n) => `i${n} BLOB NOT NULL`).join(', ');

  const keyFormat = file.db
    .transaction(() => {
      file.db.exec(
        `CREATE TABLE IF NOT EXISTS ${META_TABLE} (table_name TEXT PRIMARY KEY, indexes TEXT NOT NULL) STRICT`,
      );
      // Tables from before key formats were recorded hold format 1 (padded index strings).
      const metaColumns = file.db.prepare(`SELECT name FROM pragma_table_info('${META_TABLE}')`).pluck().all();
      if (!metaColumns.includes('key_format'))
        file.db.exec(`ALTER TABLE ${META_TABLE} ADD COLUMN key_format INTEGER NOT NULL DEFAULT 1`);
      const known = file.db
        .prepare(`SELECT indexes, key_format AS keyFormat FROM ${META_TABLE} WHERE table_name = ?`)
        .get(base) as { indexes: string; keyFormat: number } | undefined;
      if (known && known.indexes !== indexJson) {
        throw new Error(
          `Collection ${collectionName} v${schema.version} was stored with other indexes (${known.indexes}); bump the schema version to change them.`,
        );
      }
      file.db.exec(`
      CREATE TABLE IF NOT EXISTS ${docs} (
        id TEXT PRIMARY KEY NOT NULL,
        data TEXT NOT NULL,
        deleted INTEGER NOT NULL,
        lwt REAL NOT NULL${columns ? `, ${columns}` : ''}
      );
      CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`${base}__cleanup`)} ON ${docs} (deleted, lwt);
      CREATE TABLE IF NOT EXISTS ${attachments} (
        doc_id TEXT NOT NULL,
        attachment_id TEXT NOT NULL,
        digest TEXT NOT NULL,
        length INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (doc_id, attachment_id)
      ) WITHOUT ROWID;
    `);
      indexes.forEach((_, n) =>
        file.db.exec(`CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`${base}__i${n}`)} ON ${docs} (i${n})`),
      );
      if (!known)
        file.db
          .prepare(`INSERT INTO ${META_TABLE} (table_name, indexes, key_format) VALUES (?, ?, ?)`)
          .run(base, indexJson, INDEX_KEY_FORMAT);
      return known?.keyFormat ?? INDEX_KEY_FORMAT;
    })
    .immediate();

  const byName = new Map(indexes.map((index, n) => [index.join(','), `i${n}`]));
  return {
    name: base,
    docs,
    keyFormat,
    attachments,
    indexes,
    indexColumn(index) {
      const column = byName.get(index.join(','));
      if (!column) throw new Error(`No index [${index.join(', ')}] on collection ${collectionName}`);
      return column;
    },
  };
}

/** Drops one collection's tables; returns how many collections the file still holds. */
export function dropCollectionTables(file: SqliteFile, collectionName: string, version: number): number {
  const base = `rx__${collectionName}__v${version}`;
  return file.db
    .transaction(() => {
      file.db.exec(
        `DROP TABLE IF EXISTS ${quoteIdentifier(base)}; DROP TABLE IF EXISTS ${quoteIdentifier(`${base}__attachments`)};`,
      );
      file.db.prepare(`DELETE FROM ${META_TABLE} WHERE table_name = ?`).run(base);
      return file.db.prepare(`SELECT COUNT(*) FROM ${META_TABLE}`).pluck().get() as number;
    })
    .immediate();
}

/**
 * Writes every index key of a table again in today's format (index-keys.ts), in one transaction,
 * a page of rows at a time: a database from an earlier version is rebuilt once, when it opens.
 */
export function rebuildIndexKeys(file: SqliteFile, tables: CollectionTables, keysOf: (data: string) => Buffer[]): void {
  const columns = tables.indexes.map((_, n) => `i${n} = ?`).join(', ');
  const page = file.db.prepare(`SELECT rowid, data FROM ${tables.docs} WHERE rowid > ? ORDER BY rowid LIMIT 1000`);
  const update = columns ? file.db.prepare(`UPDATE ${tables.docs} SET ${columns} WHERE rowid = ?`) : undefined;
  file.db
    .transaction(() => {
      let after = 0;
      for (;;) {
        const rows = page.all(after) as { rowid: number; data: string }[];
        if (rows.length === 0) break;
        for (const row of rows) update?.run(...keysOf(row.data), row.rowid);
        after = rows.at(-1)!.rowid;
      }
      file.db
        .prepare(`UPDATE ${META_TABLE} SET key_format = ? WHERE table_name = ?`)
        .run(INDEX_KEY_FORMAT, tables.name);
    })
    .immediate();
}
