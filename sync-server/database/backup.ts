import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { SQLITE_FILE_NAME } from './open-sqlite.js';

/**
 * Backups of the server's database. SQLite: SQLite's online backup API, safe while the server
 * runs (a consistent snapshot, pages copied in steps). PostgreSQL: pg_dump's custom format,
 * restored with pg_restore (--clean) into the same or a new database.
 */
export async function backupSqlite(dataDir: string, out: string): Promise<void> {
  const file = join(dataDir, SQLITE_FILE_NAME);
  if (!existsSync(file)) throw new Error(`No server database at ${file}.`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await db.backup(`${out}.partial`);
    renameSync(`${out}.partial`, out);
  } finally {
    db.close();
  }
}

/** Replaces the server's SQLite database with a backup (the server must be stopped). The backup is checked first. */
export async function restoreSqlite(dataDir: string, backup: string): Promise<void> {
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    const result = source.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`The backup ${backup} is damaged: ${String(result)}.`);
    const file = join(dataDir, SQLITE_FILE_NAME);
    await source.backup(`${file}.restoring`);
    // The write-ahead log of the replaced database must not be replayed onto the backup.
    for (const name of readdirSync(dataDir))
      if (name.startsWith(`${SQLITE_FILE_NAME}-`)) rmSync(join(dataDir, name), { force: true });
    renameSync(`${file}.restoring`, file);
  } finally {
    source.close();
  }
  const restored = new Database(join(dataDir, SQLITE_FILE_NAME));
  try {
    restored.prepare("UPDATE server_meta SET value = ? WHERE key = 'epoch'").run(newEpoch());
  } finally {
    restored.close();
  }
}

/**
 * A restored database starts a new epoch: devices see it on their next pull, start their
 * replication afresh, and push what the backup does not have (their own data is never lost).
 */
export const newEpoch = () => randomBytes(8).toString('hex');

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (${code}): ${errors.slice(0, 500)}`)),
    );
  });
}

export function backupPostgres(databaseUrl: string, out: string, binDir = ''): Promise<void> {
  return run(join(binDir, 'pg_dump'), ['--format=custom', '--no-owner', `--file=${out}`, databaseUrl]);
}

export async function restorePostgres(databaseUrl: string, backup: string, binDir = ''): Promise<void> {
  await run(join(binDir, 'pg_restore'), [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--single-transaction',
    `--dbname=${databaseUrl}`,
    backup,
  ]);
  await run(join(binDir, 'psql'), [
    '--no-psqlrc',
    '--quiet',
    `--dbname=${databaseUrl}`,
    '--command',
    `UPDATE server_meta SET value = '${newEpoch()}' WHERE key = 'epoch'`,
  ]);
}
