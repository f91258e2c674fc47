import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { JournalEntry, UnsyncedJournal } from './unsynced-journal.js';

export type DatabaseHealth = { ok: true; checkedMs: number } | { ok: false; reason: string; checkedMs: number };

/**
 * Whether the device's database file is sound: it opens as SQLite and `PRAGMA quick_check`
 * (every page and index structure, without cross-checking index contents) finds nothing wrong.
 * A missing file is sound (a first start). Errors that are not damage (SQLITE_BUSY, EACCES, a
 * native module that does not load) are thrown, never taken for damage.
 */
export function checkDatabaseFile(path: string): DatabaseHealth {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (!existsSync(path)) return { ok: true, checkedMs: elapsed() };
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    const problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((row) => row.quick_check);
    if (problems.length === 1 && problems[0] === 'ok') return { ok: true, checkedMs: elapsed() };
    return { ok: false, reason: problems.join('; ').slice(0, 500), checkedMs: elapsed() };
  } catch (error) {
    // Only damage sets the file aside. A busy or locked file, a denied permission or a missing
    // native module says nothing about the learner's data: it is reported as itself.
    if (!isDamageError(error)) throw error;
    return {
      ok: false,
      reason: error instanceof Error ? error.message.slice(0, 500) : String(error),
      checkedMs: elapsed(),
    };
  } finally {
    try {
      db?.close();
    } catch {
      // A damaged file may fail to close cleanly; it is moved aside next either way.
    }
  }
}

/** Whether an error from opening the database says the file itself is damaged. */
export function isDamageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  return (
    code === 'SQLITE_CORRUPT' ||
    code === 'SQLITE_NOTADB' ||
    /malformed|not a database|SQLITE_CORRUPT|SQLITE_NOTADB/i.test(message)
  );
}

/** A damaged database's record: where the file went and what had not synced when it broke. */
export interface RecoveryRecord {
  id: string;
  detectedAt: number;
  reason: string;
  /** The folder the damaged files were moved to (kept: nothing is deleted). */
  damagedCopy: string;
  entries: JournalEntry[];
  state: 'pending' | 'restored' | 'dismissed';
}

const recoveredDir = (dataDir: string) => join(dataDir, 'recovered');

/**
 * Moves the damaged database files aside (never deletes them), and records the changes that
 * had not synced (from the journal, which lives outside the file) for the user to restore or
 * dismiss. The caller then opens a new, empty database that sync fills from the server.
 */
export function setAsideDamagedDatabase(options: {
  dataDir: string;
  fileName: string;
  reason: string;
  journal: UnsyncedJournal;
  now: number;
}): RecoveryRecord {
  const stamp = new Date(options.now).toISOString().replace(/[:.]/g, '-');
  const dbDir = join(options.dataDir, 'db');
  const damagedCopy = join(dbDir, `damaged-${stamp}`);
  mkdirSync(damagedCopy, { recursive: true, mode: 0o700 });
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const file = join(dbDir, `${options.fileName}${suffix}`);
    if (existsSync(file)) renameSync(file, join(damagedCopy, `${options.fileName}${suffix}`));
  }
  const record: RecoveryRecord = {
    id: stamp,
    detectedAt: options.now,
    reason: options.reason,
    damagedCopy,
    entries: options.journal.read(),
    state: 'pending',
  };
  saveRecoveryRecord(options.dataDir, record);
  // Kept in the record now; the journal starts over for the new database.
  options.journal.clear();
  return record;
}

export function saveRecoveryRecord(dataDir: string, record: RecoveryRecord): void {
  mkdirSync(recoveredDir(dataDir), { recursive: true, mode: 0o700 });
  const file = join(recoveredDir(dataDir), `${record.id}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(record, null, 1), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** Records still waiting for the user's decision, oldest first. */
export function pendingRecoveryRecords(dataDir: string): RecoveryRecord[] {
  if (!existsSync(recoveredDir(dataDir))) return [];
  return readdirSync(recoveredDir(dataDir))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      try {
        return JSON.parse(readFileSync(join(recoveredDir(dataDir), name), 'utf8')) as RecoveryRecord;
      } catch {
        return undefined;
      }
    })
    .filter((record): record is RecoveryRecord => record?.state === 'pending');
}
