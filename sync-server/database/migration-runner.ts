import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function currentSchemaVersion(db: Database): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

export function runMigrations(db: Database, list: readonly Migration[], now: () => Date = () => new Date()): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
  );
  const from = currentSchemaVersion(db);
  const newest = list.at(-1)?.version ?? 0;
  if (from > newest) {
    throw new MigrationError(
      `The database is at schema version ${from}, newer than this server (${newest}). Upgrade the server.`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of list) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      migration.up(db);
      record.run(migration.version, migration.name, now().toISOString());
    }).immediate();
  }
  return currentSchemaVersion(db);
}
