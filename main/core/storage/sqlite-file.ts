import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export interface SqliteFile {
  readonly path: string;
  readonly db: Database.Database;
  /** Statements prepared once per file, shared by every collection in it. */
  prepare(sql: string): Database.Statement;
}

interface OpenFile {
  file: SqliteFile;
  users: number;
}

const openFiles = new Map<string, OpenFile>();

/** RxDB database names become file names; anything outside a safe set is escaped. */
export function sqliteFileName(databaseName: string): string {
  return `${encodeURIComponent(databaseName).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}.sqlite`;
}

/**
 * One SQLite file per RxDB database, shared by all of its collections and reference
 * counted, in WAL mode. `synchronous=FULL` by default: a commit is on disk before RxDB
 * hears it succeeded, so even a power cut keeps every acknowledged write.
 */
export function acquireSqliteFile(
  directory: string,
  databaseName: string,
  synchronous: SqliteSynchronous,
  fileName?: string,
): SqliteFile {
  const path = join(directory, fileName ?? sqliteFileName(databaseName));
  const existing = openFiles.get(path);
  if (existing) {
    existing.users++;
    return existing.file;
  }
  mkdirSync(directory, { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const statements = new Map<string, Database.Statement>();
  const file: SqliteFile = {
    path,
    db,
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
  openFiles.set(path, { file, users: 1 });
  return file;
}

export function releaseSqliteFile(file: SqliteFile): void {
  const entry = openFiles.get(file.path);
  if (!entry) return;
  entry.users--;
  if (entry.users > 0) return;
  openFiles.delete(file.path);
  if (file.db.open) {
    file.db.pragma('wal_checkpoint(TRUNCATE)');
    file.db.close();
  }
}

/** Deletes a database file and its WAL companions once nothing uses it. */
export function deleteSqliteFileIfUnused(file: SqliteFile): void {
  if (openFiles.has(file.path)) return;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file.path}${suffix}`, { force: true });
}
