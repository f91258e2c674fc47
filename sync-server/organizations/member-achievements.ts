import type { MemberExamResult } from '../../common/contract/institution.js';
import type { ExamGrader } from '../exams/exam-grader.js';
import type { SqlClient } from '../sql/sql-database.js';

/**
 * Each member's graded exam sittings, by member: per exam, how many, the best score, whether
 * passed — after grading whatever of theirs the server has received and not graded yet.
 */
export async function memberExamResults(
  db: SqlClient,
  organizationId: string,
  grader?: Pick<ExamGrader, 'gradePending'>,
): Promise<Map<string, MemberExamResult[]>> {
  const members = await db.all<{ user_id: string }>(
    'SELECT user_id FROM organization_members WHERE organization_id = ?',
    [organizationId],
  );
  for (const member of members) await grader?.gradePending({ userId: member.user_id });
  const rows = await db.all<{
    user_id: string;
    course_id: string;
    lesson_id: string;
    attempts: number | string;
    best: number | string;
    passed: number | string | boolean;
    title: string | null;
  }>(
    `SELECT r.user_id, r.course_id, r.lesson_id, COUNT(*) AS attempts, MAX(r.percent) AS best, MAX(r.passed) AS passed,
            (SELECT d.data FROM documents d WHERE d.collection = 'lessons' AND d.id = r.lesson_id) AS title
     FROM exam_results r
     WHERE r.status = 'graded' AND r.user_id IN (SELECT user_id FROM organization_members WHERE organization_id = ?)
     GROUP BY r.user_id, r.course_id, r.lesson_id
     ORDER BY r.course_id, r.lesson_id`,
    [organizationId],
  );
  const byUser = new Map<string, MemberExamResult[]>();
  for (const row of rows) {
    const lesson = row.title ? (JSON.parse(row.title) as { title?: { zh: string; en: string } }) : {};
    byUser.set(row.user_id, [
      ...(byUser.get(row.user_id) ?? []),
      {
        courseId: row.course_id,
        lessonId: row.lesson_id,
        title: lesson.title ?? { zh: row.lesson_id, en: row.lesson_id },
        attempts: Number(row.attempts),
        bestPercent: Number(row.best),
        passed: Boolean(Number(row.passed)),
      },
    ]);
  }
  return byUser;
}

/** How many certificates (not revoked) each member holds, by member. */
export async function memberCertificateCounts(db: SqlClient, organizationId: string): Promise<Map<string, number>> {
  const rows = await db.all<{ user_id: string; n: number | string }>(
    'SELECT user_id, COUNT(*) AS n FROM certificates WHERE revoked_at IS NULL AND user_id IN (SELECT user_id FROM organization_members WHERE organization_id = ?) GROUP BY user_id',
    [organizationId],
  );
  return new Map(rows.map((row) => [row.user_id, Number(row.n)]));
}
