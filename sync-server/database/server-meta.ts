import type { SqlClient } from '../sql/sql-database.js';

/** The database's epoch: it changes when a backup is restored, so devices know to sync from the start. */
export async function readServerEpoch(db: SqlClient): Promise<string> {
  const row = await db.get<{ value: string }>("SELECT value FROM server_meta WHERE key = 'epoch'");
  return row?.value ?? 'none';
}

/** Whether the database answers at all (readiness). */
export async function databaseAnswers(db: SqlClient): Promise<boolean> {
  try {
    await db.get('SELECT 1 AS one');
    return true;
  } catch {
    // Any failure here is the answer itself: the instance reports itself not ready and the balancer routes around it.
    return false;
  }
}
