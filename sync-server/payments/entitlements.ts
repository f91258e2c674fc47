import type { EntitlementDoc } from '../../common/collections/index.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import type { SqlClient } from '../sql/sql-database.js';

/** One entitlement document per learner and course, whatever granted it. */
export function entitlementId(userId: string, courseId: string): string {
  return `ent_${userId}_${courseId}`;
}

/** The stored entitlement, read inside `tx` (with `lock`, e.g. FOR UPDATE on PostgreSQL). */
export async function readEntitlement(tx: SqlClient, userId: string, courseId: string, lock = ''): Promise<EntitlementDoc | undefined> {
  const row = await tx.get<{ data: string }>(`SELECT data FROM documents WHERE collection = 'entitlements' AND id = ?${lock}`, [entitlementId(userId, courseId)]);
  return row ? (JSON.parse(row.data) as EntitlementDoc) : undefined;
}

/** A newly granted, signed entitlement. */
export function grantedEntitlement(signer: EntitlementSigner, grant: { userId: string; courseId: string; source: EntitlementDoc['source']; orderId?: string; now: number }): EntitlementDoc {
  const id = entitlementId(grant.userId, grant.courseId);
  const fields = { id, userId: grant.userId, courseId: grant.courseId, grantedAt: grant.now };
  return { ...fields, source: grant.source, ...(grant.orderId ? { orderId: grant.orderId } : {}), updatedAt: grant.now, signature: signer.sign(fields) };
}

/** The same entitlement revoked at `now`, signed again over its revocation. */
export function revokedEntitlement(signer: EntitlementSigner, current: EntitlementDoc, now: number): EntitlementDoc {
  return { ...current, revokedAt: now, updatedAt: now, signature: signer.sign({ ...current, revokedAt: now }) };
}
