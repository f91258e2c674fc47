import { expect } from 'vitest';
import type { EntitlementDoc, OrderDoc } from '../../common/collections/index.js';
import { readEntitlement, readOrder } from '../data/commerce-tables.js';
import { COUPON_TOTAL, COURSE_IDS, LEARNERS, sha, type Model, type World } from './trust-model-world.js';

/** After every step: the server's state agrees with the model. */
export async function checkInvariants(
  world: World,
  model: Model,
  hashes: Map<string, string>,
  changedBy: string | undefined,
): Promise<void> {
  const { api, sessions } = world;
  // Every active entitlement traces to a source the model knows, and every source the model knows grants.
  const rows = await api.context.db.all<{ owner_id: string; data: string }>(
    "SELECT owner_id, data FROM documents WHERE collection = 'entitlements'",
  );
  const active = new Set(
    rows
      .map((r) => JSON.parse(r.data) as { userId: string; courseId: string; revokedAt?: number })
      .filter((e) => e.revokedAt === undefined)
      .map((e) => `${e.userId}|${e.courseId}`),
  );
  const expected = new Set(
    LEARNERS.flatMap((who) => COURSE_IDS.filter((c) => model.holds(who, c)).map((c) => `${sessions[who].userId}|${c}`)),
  );
  expect([...active].sort()).toEqual([...expected].sort());
  const grants = await api.context.db.all<{ user_id: string; course_id: string }>(
    'SELECT DISTINCT user_id, course_id FROM entitlement_grants WHERE revoked_at IS NULL',
  );
  expect(grants.map((g) => `${g.user_id}|${g.course_id}`).sort()).toEqual([...expected].sort());
  // The typed commerce tables say exactly what the replicated documents say.
  for (const row of rows) {
    const { _deleted: _, ...doc } = JSON.parse(row.data) as EntitlementDoc & { _deleted?: boolean };
    expect(await readEntitlement(api.context.db, doc.userId, doc.courseId)).toEqual(doc);
  }
  const orders = await api.context.db.all<{ data: string }>("SELECT data FROM documents WHERE collection = 'orders'");
  for (const row of orders) {
    const { _deleted: _, ...doc } = JSON.parse(row.data) as OrderDoc & { _deleted?: boolean };
    expect(await readOrder(api.context.db, doc.id)).toEqual(doc);
  }
  // A lesson's bytes are what its owner last published.
  for (const [courseId, text] of model.lessonText) {
    const stored = await api.context.db.get<{ sha256: string; course_id: string }>(
      'SELECT sha256, course_id FROM lesson_content WHERE lesson_id = ?',
      [world.lessons[courseId]],
    );
    expect(stored, `lesson of ${courseId}`).toEqual({ sha256: sha(text), course_id: courseId });
  }
  // Coupon uses never exceed the total, nor one per learner.
  const coupon = await api.context.db.get<{ redemptions: number }>(
    "SELECT redemptions FROM coupons WHERE code = 'LIMITED'",
  );
  expect(Number(coupon!.redemptions)).toBeLessThanOrEqual(COUPON_TOTAL);
  expect(Number(coupon!.redemptions)).toBe(model.couponUses());
  const perLearner = await api.context.db.all<{ user_id: string; n: number }>(
    "SELECT user_id, COUNT(*) AS n FROM coupon_uses WHERE code = 'LIMITED' AND released = 0 GROUP BY user_id",
  );
  for (const row of perLearner) expect(Number(row.n)).toBeLessThanOrEqual(1);
  // Credentials change only by their owner.
  const users = await api.context.db.all<{ id: string; password_hash: string }>('SELECT id, password_hash FROM users');
  for (const user of users) {
    const before = hashes.get(user.id);
    if (before !== undefined && before !== user.password_hash) expect(user.id, 'a password changed').toBe(changedBy);
    hashes.set(user.id, user.password_hash);
  }
}
