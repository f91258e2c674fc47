import type { SqlClient } from '../sql/sql-database.js';

/**
 * Whether a membership of the learner opens `courseId` at `now`, by the server's own records:
 * paid through now (and not ended before), on a plan whose scope holds the course — every course
 * (the platform's), every course of the plan's creator (now and later), or the plan's chosen ones.
 * The server knows of every renewal, so it gives no offline grace.
 */
export async function heldThroughMembership(
  tx: SqlClient,
  userId: string,
  courseId: string,
  now: number,
): Promise<boolean> {
  const plans = await tx.all<{ id: string; scope: string; owner_id: string | null }>(
    `SELECT p.id, p.scope, p.owner_id FROM memberships m JOIN plans p ON p.id = m.plan_id
      WHERE m.user_id = ? AND m.paid_through > ? AND (m.ended_at IS NULL OR m.ended_at > ?)`,
    [userId, now, now],
  );
  if (plans.length === 0) return false;
  const course = await tx.get<{ owner_id: string | null }>(
    "SELECT owner_id FROM documents WHERE collection = 'courses' AND id = ? AND deleted = 0 AND is_public = 1",
    [courseId],
  );
  if (!course) return false;
  for (const plan of plans) {
    if (plan.scope === 'all') return true;
    if (plan.scope === 'creator' && plan.owner_id !== null && plan.owner_id === course.owner_id) return true;
    if (
      plan.scope === 'courses' &&
      (await tx.get('SELECT 1 AS one FROM plan_courses WHERE plan_id = ? AND course_id = ?', [plan.id, courseId]))
    )
      return true;
  }
  return false;
}
