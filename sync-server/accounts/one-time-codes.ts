import { createHash, randomInt } from 'node:crypto';
import type { SqlClient } from '../sql/sql-database.js';

export type CodePurpose = 'verify-email' | 'reset-password';

/** No look-alikes (0/O, 1/I/L): read off a phone, typed on a laptop. The same set `oneTimeCodeSchema` accepts. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_MINUTES = 30;
/** Wrong tries before a code stops working (31⁸ ≈ 8.5·10¹¹ codes: guessing is hopeless within this). */
const MAX_ATTEMPTS = 5;

const hashOf = (userId: string, code: string) => createHash('sha256').update(`${userId}\u0000${code}`).digest('hex');

/**
 * One-time codes sent by mail. Only a hash is stored; a new code replaces the previous
 * one of the same purpose; a code works once, for CODE_MINUTES, and stops after
 * MAX_ATTEMPTS wrong tries.
 */
export async function issueCode(tx: SqlClient, userId: string, purpose: CodePurpose, now: number): Promise<string> {
  const code = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  await tx.run(
    `INSERT INTO account_codes (user_id, purpose, code_hash, expires_at, attempts, created_at) VALUES (?, ?, ?, ?, 0, ?)
     ON CONFLICT (user_id, purpose) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at,
       attempts = 0, created_at = excluded.created_at`,
    [userId, purpose, hashOf(userId, code), now + CODE_MINUTES * 60_000, now],
  );
  return code;
}

/** Whether `code` is the live code for this purpose; a right code is used up, a wrong one counts against it. */
export async function consumeCode(
  tx: SqlClient,
  userId: string,
  purpose: CodePurpose,
  code: string,
  now: number,
): Promise<boolean> {
  const row = await tx.get<{ code_hash: string; expires_at: number | string; attempts: number }>(
    'SELECT code_hash, expires_at, attempts FROM account_codes WHERE user_id = ? AND purpose = ?',
    [userId, purpose],
  );
  if (!row || Number(row.expires_at) <= now || row.attempts >= MAX_ATTEMPTS) return false;
  if (row.code_hash !== hashOf(userId, code)) {
    await tx.run('UPDATE account_codes SET attempts = attempts + 1 WHERE user_id = ? AND purpose = ?', [
      userId,
      purpose,
    ]);
    return false;
  }
  await tx.run('DELETE FROM account_codes WHERE user_id = ? AND purpose = ?', [userId, purpose]);
  return true;
}
