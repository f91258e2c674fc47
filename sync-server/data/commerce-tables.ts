import type { EntitlementDoc, OrderDoc } from '../../common/collections/index.js';
import type { SqlClient } from '../sql/sql-database.js';

/**
 * Commerce in typed, indexed tables (migration 14): orders and their lines, entitlements,
 * coupon uses, payment events. Services read these with SQL, never by parsing documents.
 *
 * Orders and entitlements also replicate to learners' devices as documents; the document
 * store writes both in the same transaction (`projectCommerceDocument`), so the typed row
 * and the replicated document can never disagree.
 */

type Row = Record<string, unknown>;
const int = (value: unknown): number => Number(value);
const optionalInt = (value: unknown): number | undefined =>
  value === null || value === undefined ? undefined : Number(value);

/** Keeps the typed row of a replicated commerce document (an order with its lines, an entitlement) equal to it. */
export async function projectCommerceDocument(tx: SqlClient, collection: string, doc: Row): Promise<void> {
  if (collection === 'orders') await saveOrderRow(tx, doc as unknown as OrderDoc);
  else if (collection === 'entitlements') await saveEntitlementRow(tx, doc as unknown as EntitlementDoc);
}

async function saveOrderRow(tx: SqlClient, order: OrderDoc): Promise<void> {
  await tx.run(
    `INSERT INTO orders (id, user_id, status, currency, total_amount, test_mode, receipt_url, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, total_amount = excluded.total_amount,
       receipt_url = excluded.receipt_url, updated_at = excluded.updated_at`,
    [
      order.id,
      order.userId,
      order.status,
      order.currency,
      order.totalAmount,
      order.testMode ? 1 : 0,
      order.receiptUrl ?? null,
      order.createdAt,
      order.updatedAt,
    ],
  );
  for (const [position, item] of order.items.entries())
    await tx.run(
      `INSERT INTO order_lines (order_id, position, course_id, amount, currency, refunded) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (order_id, course_id) DO UPDATE SET refunded = excluded.refunded`,
      [order.id, position, item.courseId, item.amount, item.currency, item.refunded ? 1 : 0],
    );
}

async function saveEntitlementRow(tx: SqlClient, entitlement: EntitlementDoc): Promise<void> {
  await tx.run(
    `INSERT INTO entitlements (id, user_id, course_id, source, order_id, granted_at, revoked_at, signature, updated_at,
       valid_until, renews, scope, plan_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET source = excluded.source, order_id = excluded.order_id, granted_at = excluded.granted_at,
       revoked_at = excluded.revoked_at, signature = excluded.signature, updated_at = excluded.updated_at,
       valid_until = excluded.valid_until, renews = excluded.renews, scope = excluded.scope, plan_id = excluded.plan_id`,
    [
      entitlement.id,
      entitlement.userId,
      entitlement.courseId,
      entitlement.source,
      entitlement.orderId ?? null,
      entitlement.grantedAt,
      entitlement.revokedAt ?? null,
      entitlement.signature,
      entitlement.updatedAt,
      entitlement.validUntil ?? null,
      entitlement.renews === undefined ? null : entitlement.renews ? 1 : 0,
      entitlement.scope ? JSON.stringify(entitlement.scope) : null,
      entitlement.planId ?? null,
    ],
  );
}

/** An order with its lines, read inside `tx`; `lock` (e.g. FOR UPDATE on PostgreSQL) holds it for a decision. */
export async function readOrder(tx: SqlClient, orderId: string, lock = ''): Promise<OrderDoc | undefined> {
  const row = await tx.get<Row>(`SELECT * FROM orders WHERE id = ?${lock}`, [orderId]);
  if (!row) return undefined;
  const lines = await tx.all<Row>('SELECT * FROM order_lines WHERE order_id = ? ORDER BY position', [orderId]);
  return {
    id: String(row.id),
    userId: String(row.user_id),
    status: row.status as OrderDoc['status'],
    items: lines.map((line) => ({
      courseId: String(line.course_id),
      amount: int(line.amount),
      currency: line.currency as OrderDoc['currency'],
      refunded: int(line.refunded) === 1,
    })),
    totalAmount: int(row.total_amount),
    currency: row.currency as OrderDoc['currency'],
    ...(typeof row.receipt_url === 'string' && row.receipt_url ? { receiptUrl: row.receipt_url } : {}),
    testMode: int(row.test_mode) === 1,
    createdAt: int(row.created_at),
    updatedAt: int(row.updated_at),
  };
}

function entitlementOf(row: Row): EntitlementDoc {
  const revokedAt = optionalInt(row.revoked_at);
  return {
    id: String(row.id),
    userId: String(row.user_id),
    courseId: String(row.course_id),
    source: row.source as EntitlementDoc['source'],
    ...(typeof row.order_id === 'string' && row.order_id ? { orderId: row.order_id } : {}),
    grantedAt: int(row.granted_at),
    ...(revokedAt === undefined ? {} : { revokedAt }),
    ...(row.valid_until === null || row.valid_until === undefined ? {} : { validUntil: int(row.valid_until) }),
    ...(row.renews === null || row.renews === undefined ? {} : { renews: int(row.renews) === 1 }),
    ...(typeof row.scope === 'string' ? { scope: JSON.parse(row.scope) as EntitlementDoc['scope'] } : {}),
    ...(typeof row.plan_id === 'string' ? { planId: row.plan_id } : {}),
    signature: String(row.signature),
    updatedAt: int(row.updated_at),
  };
}

/** A learner's entitlement to a course (live or revoked), read inside `tx`. */
export async function readEntitlement(
  tx: SqlClient,
  userId: string,
  courseId: string,
  lock = '',
): Promise<EntitlementDoc | undefined> {
  const row = await tx.get<Row>(`SELECT * FROM entitlements WHERE user_id = ? AND course_id = ?${lock}`, [
    userId,
    courseId,
  ]);
  return row ? entitlementOf(row) : undefined;
}

/** Every entitlement to a course, live or revoked, oldest first. */
export async function entitlementsOfCourse(tx: SqlClient, courseId: string): Promise<EntitlementDoc[]> {
  const rows = await tx.all<Row>('SELECT * FROM entitlements WHERE course_id = ? ORDER BY granted_at, id', [courseId]);
  return rows.map(entitlementOf);
}

/** A page of entitlements by id, for re-signing after a key rotation; `lock` holds them for the rewrite. */
export async function entitlementsByIds(tx: SqlClient, ids: readonly string[], lock = ''): Promise<EntitlementDoc[]> {
  if (ids.length === 0) return [];
  const rows = await tx.all<Row>(
    `SELECT * FROM entitlements WHERE id IN (${ids.map(() => '?').join(', ')})${lock}`,
    ids,
  );
  return rows.map(entitlementOf);
}

/** The ids of all entitlements, in a stable order. */
export async function entitlementIds(tx: SqlClient): Promise<string[]> {
  return (await tx.all<{ id: string }>('SELECT id FROM entitlements ORDER BY id')).map((row) => row.id);
}

/** The learner's uses of a coupon that still count, with their orders' states. */
export async function heldCouponUses(
  tx: SqlClient,
  code: string,
  userId: string,
): Promise<{ orderId: string; status: OrderDoc['status'] }[]> {
  const rows = await tx.all<{ order_id: string; status: OrderDoc['status'] }>(
    'SELECT u.order_id, o.status FROM coupon_uses u JOIN orders o ON o.id = u.order_id WHERE u.code = ? AND u.user_id = ? AND u.released = 0 ORDER BY o.created_at',
    [code, userId],
  );
  return rows.map((row) => ({ orderId: row.order_id, status: row.status }));
}
