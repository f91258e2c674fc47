import type { EntitlementDoc } from '../../common/collections/index.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import { forUpdate, type SqlClient } from '../sql/sql-database.js';
import { entitlementId, type Doc, type Placement } from '../replication/document-types.js';
import { readEntitlement } from '../data/commerce-tables.js';

export { entitlementId, readEntitlement };

/**
 * What gave a learner a course: a paid order line (ref: the order id), an administrator's grant
 * (ref: `admin`), a seat of a pool (ref: the pool id). A learner may hold several at once; the
 * entitlement document stands while any of them does, and ending one never ends another.
 */
export interface GrantSource {
  userId: string;
  courseId: string;
  source: EntitlementDoc['source'];
  ref: string;
}

export type WriteDoc = (collection: 'entitlements', doc: Doc, placement: Placement) => void;

/** A newly granted, signed entitlement. */
export function grantedEntitlement(
  signer: EntitlementSigner,
  grant: {
    userId: string;
    courseId: string;
    source: EntitlementDoc['source'];
    orderId?: string | undefined;
    now: number;
  },
): EntitlementDoc {
  const id = entitlementId(grant.userId, grant.courseId);
  const fields = { id, userId: grant.userId, courseId: grant.courseId, grantedAt: grant.now };
  return {
    ...fields,
    source: grant.source,
    ...(grant.orderId ? { orderId: grant.orderId } : {}),
    updatedAt: grant.now,
    signature: signer.sign(fields),
  };
}

/** The same entitlement revoked at `now`, signed again over its revocation. */
export function revokedEntitlement(signer: EntitlementSigner, current: EntitlementDoc, now: number): EntitlementDoc {
  return { ...current, revokedAt: now, updatedAt: now, signature: signer.sign({ ...current, revokedAt: now }) };
}

/** Whether this source's grant is active now. */
export async function grantActive(tx: SqlClient, grant: GrantSource): Promise<boolean> {
  return (
    (await tx.get(
      'SELECT 1 AS one FROM entitlement_grants WHERE user_id = ? AND course_id = ? AND source = ? AND source_ref = ? AND revoked_at IS NULL',
      [grant.userId, grant.courseId, grant.source, grant.ref],
    )) !== undefined
  );
}

/** Sources are preferred in this order for what the document names (a purchase shows as a purchase). */
const PREFERENCE: EntitlementDoc['source'][] = ['purchase', 'redeem', 'grant', 'free'];

/** Brings the entitlement document in line with the learner's active grants for the course; one write at most. */
async function settle(
  tx: SqlClient,
  signer: EntitlementSigner,
  write: WriteDoc,
  userId: string,
  courseId: string,
  now: number,
): Promise<void> {
  const current = await readEntitlement(tx, userId, courseId, forUpdate(tx));
  const active = await tx.all<{ source: EntitlementDoc['source']; source_ref: string }>(
    'SELECT source, source_ref FROM entitlement_grants WHERE user_id = ? AND course_id = ? AND revoked_at IS NULL ORDER BY granted_at, source_ref',
    [userId, courseId],
  );
  const placement = { ownerId: userId, isPublic: false };
  if (active.length === 0) {
    if (current && current.revokedAt === undefined)
      write('entitlements', { ...revokedEntitlement(signer, current, now), _deleted: false }, placement);
    return;
  }
  const chosen = [...active].sort((a, b) => PREFERENCE.indexOf(a.source) - PREFERENCE.indexOf(b.source))[0]!;
  const orderId = chosen.source === 'purchase' ? chosen.source_ref : undefined;
  if (current && current.revokedAt === undefined) {
    if (current.source === chosen.source && current.orderId === orderId) return;
    const { orderId: _previous, ...rest } = current;
    write(
      'entitlements',
      { ...rest, source: chosen.source, ...(orderId ? { orderId } : {}), updatedAt: now, _deleted: false },
      placement,
    );
    return;
  }
  write(
    'entitlements',
    { ...grantedEntitlement(signer, { userId, courseId, source: chosen.source, orderId, now }), _deleted: false },
    placement,
  );
}

/** Records (or re-activates) one source's grant and updates the learner's entitlement document. */
export async function addGrant(
  tx: SqlClient,
  signer: EntitlementSigner,
  write: WriteDoc,
  grant: GrantSource,
  now: number,
): Promise<void> {
  await tx.run(
    `INSERT INTO entitlement_grants (user_id, course_id, source, source_ref, granted_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (user_id, course_id, source, source_ref) DO UPDATE SET revoked_at = NULL, granted_at = excluded.granted_at`,
    [grant.userId, grant.courseId, grant.source, grant.ref, now],
  );
  await settle(tx, signer, write, grant.userId, grant.courseId, now);
}

/** Ends one source's grant; the entitlement ends only when no other source still grants the course. Returns whether it was active. */
export async function endGrant(
  tx: SqlClient,
  signer: EntitlementSigner,
  write: WriteDoc,
  grant: GrantSource,
  now: number,
): Promise<boolean> {
  const ended = await tx.run(
    'UPDATE entitlement_grants SET revoked_at = ? WHERE user_id = ? AND course_id = ? AND source = ? AND source_ref = ? AND revoked_at IS NULL',
    [now, grant.userId, grant.courseId, grant.source, grant.ref],
  );
  if (ended.changes === 0) return false;
  await settle(tx, signer, write, grant.userId, grant.courseId, now);
  return true;
}

/** Whether the learner holds the course now, from any source. */
export async function holdsCourse(tx: SqlClient, userId: string, courseId: string): Promise<boolean> {
  return (
    (await tx.get(
      'SELECT 1 AS one FROM entitlement_grants WHERE user_id = ? AND course_id = ? AND revoked_at IS NULL',
      [userId, courseId],
    )) !== undefined
  );
}
