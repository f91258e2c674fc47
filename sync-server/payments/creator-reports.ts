import type { z } from 'zod';
import type { courseLearnersSchema, saleRecordSchema } from '../../common/server-api/responses.js';
import type { SqlClient } from '../sql/sql-database.js';

type SaleRecord = z.output<typeof saleRecordSchema>;
type CourseReach = z.output<typeof courseLearnersSchema>;

/** What creators may see of their sales and learners: amounts, counts and averages, never who bought. */
export function creatorReports(db: SqlClient) {
  return {
    /** The creator's sales, newest first (at most 1,000). */
    async sales(creatorId: string): Promise<SaleRecord[]> {
      const rows = await db.all<{
        order_id: string;
        course_id: string;
        amount: number;
        currency: string;
        paid_at: number;
        refunded_at: number | null;
        platform_fee: number;
      }>(
        'SELECT order_id, course_id, amount, currency, paid_at, refunded_at, platform_fee FROM sales WHERE creator_id = ? ORDER BY paid_at DESC LIMIT 1000',
        [creatorId],
      );
      return rows.map((row) => ({
        orderId: row.order_id,
        courseId: row.course_id,
        amount: Number(row.amount),
        fee: Number(row.platform_fee),
        currency: row.currency,
        paidAt: Number(row.paid_at),
        refundedAt: row.refunded_at === null ? null : Number(row.refunded_at),
      }));
    },

    /** Per course of the creator: how many learners hold it now, and their average completion. */
    async reach(creatorId: string): Promise<CourseReach[]> {
      const courses = await db.all<{ id: string }>(
        "SELECT id FROM documents WHERE collection = 'courses' AND owner_id = ? AND deleted = 0 ORDER BY id",
        [creatorId],
      );
      const result: CourseReach[] = [];
      for (const { id: courseId } of courses) {
        const learners = (
          await db.all<{ user_id: string }>(
            'SELECT user_id FROM entitlements WHERE course_id = ? AND revoked_at IS NULL',
            [courseId],
          )
        ).map((row) => row.user_id);
        let completion = 0;
        // Progress documents are one per learner and course: `<userId>:<courseId>`.
        for (let i = 0; i < learners.length; i += 500) {
          const ids = learners.slice(i, i + 500).map((userId) => `${userId}:${courseId}`);
          const rows = await db.all<{ data: string }>(
            `SELECT data FROM documents WHERE collection = 'progress' AND deleted = 0 AND id IN (${ids.map(() => '?').join(', ')})`,
            ids,
          );
          for (const row of rows)
            completion += Number((JSON.parse(row.data) as { completion?: number }).completion ?? 0);
        }
        result.push({
          courseId,
          learners: learners.length,
          averageCompletion: learners.length === 0 ? 0 : Math.round((completion / learners.length) * 1000) / 1000,
        });
      }
      return result;
    },
  };
}

export type CreatorReports = ReturnType<typeof creatorReports>;
