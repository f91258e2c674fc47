import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from '../sql/sql-database.js';

/**
 * Secrets the server keeps in its database, apart from the token secret, so that rotating the
 * token secret (which signs everyone out) changes nothing else: pack keys, review ids and the
 * signing keys (entitlement-signer.ts) stay. A server upgraded from before keeps the value it
 * derived from the token secret then (`legacy`), so nothing it made before changes.
 */
export async function storedSecret(
  db: SqlDatabase,
  name: 'pack-key-secret' | 'review-id-secret',
  legacy: () => Promise<string | undefined>,
): Promise<string> {
  const key = `secret:${name}`;
  const found = await db.get<{ value: string }>('SELECT value FROM server_meta WHERE key = ?', [key]);
  if (found) return found.value;
  const value = (await legacy()) ?? randomBytes(32).toString('hex');
  // Several instances may start at once: the first write wins and everyone reads it back.
  await db.run('INSERT INTO server_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, value]);
  return (await db.get<{ value: string }>('SELECT value FROM server_meta WHERE key = ?', [key]))!.value;
}

/** Whether this database holds anything made before the secrets were stored (then the legacy values are kept). */
export async function hasEarlierData(db: SqlDatabase): Promise<boolean> {
  return (
    (await db.get("SELECT 1 AS one FROM documents WHERE collection IN ('entitlements', 'reviews') LIMIT 1")) !==
    undefined
  );
}
