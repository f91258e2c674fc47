import type { RxDocumentData, RxJsonSchema } from 'rxdb';
import type { SqliteFile } from './sqlite-file.js';

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface CollectionTables {
  /** Quoted name of the documents table. */
  docs: string;
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

  file.db
    .transaction(() => {
      file.db.exec(
        `CREATE TABLE IF NOT EXISTS ${META_TABLE} (table_name TEXT PRIMARY KEY, indexes TEXT NOT NULL) STRICT`,
      );
      const known = file.db.prepare(`SELECT indexes FROM ${META_TABLE} WHERE table_name = ?`).get(base) as
        { indexes: string } | undefined;
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
      if (!known) file.db.prepare(`INSERT INTO ${META_TABLE} (table_name, indexes) VALUES (?, ?)`).run(base, indexJson);
    })
    .immediate();

  const byName = new Map(indexes.map((index, n) => [index.join(','), `i${n}`]));
  return {
    docs,
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
