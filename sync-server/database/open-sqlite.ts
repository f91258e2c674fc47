import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

export const SQLITE_FILE_NAME = 'zhiku-server.sqlite';

/** Opens (creating if needed) the server's SQLite file in the data dir and brings its schema up to date. */
export function openSqliteDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dataDir, SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Devices pull pages from anywhere in the history: 64 MiB of pages stay cached instead of SQLite's 2 MiB default.
  db.pragma('cache_size = -65536');
  migrate(db);
  return db;
}
