import { createHash } from 'node:crypto';
import type { ExamSittingDoc } from '../../common/collections/index.js';
import { gradeExam } from '../../common/exercises/exam-paper.js';
import { parseExam, type Exam } from '../../common/exercises/exam.js';
import { voidReason } from '../../common/exercises/exam-sitting.js';
import type { Answer } from '../../common/exercises/questions.js';
import type { ExamResult } from '../../common/server-api/exams.js';
import { forUpdate, type SqlClient, type SqlDatabase } from '../sql/sql-database.js';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface ResultRow {
  sitting_id: string;
  user_id: string;
  course_id: string;
  lesson_id: string;
  attempt: number | string;
  status: 'graded' | 'void';
  void_reason: ExamResult['voidReason'] | null;
  right_count: number | string;
  question_count: number | string;
  percent: number | string;
  passed: number | boolean;
  started_at: number | string;
  submitted_at: number | string;
  graded_at: number | string;
}

export const toExamResult = (row: ResultRow): ExamResult => ({
  sittingId: row.sitting_id,
  courseId: row.course_id,
  lessonId: row.lesson_id,
  attempt: Number(row.attempt),
  status: row.status,
  ...(row.void_reason ? { voidReason: row.void_reason } : {}),
  right: Number(row.right_count),
  total: Number(row.question_count),
  percent: Number(row.percent),
  passed: Boolean(Number(row.passed)),
  startedAt: Number(row.started_at),
  submittedAt: Number(row.submitted_at),
  gradedAt: Number(row.graded_at),
});

/**
 * Grades exam sittings on the server, which alone holds the keys: every submitted sitting
 * not graded yet, oldest start first, each against the key of the paper it was sat on.
 * A result, once written, never changes. A sitting is void — kept, never graded — when the
 * learner had no attempts left or its times break the exam's rules (exam-sitting.ts).
 * Grading runs when someone asks for results (the learner's device once it has synced, a
 * certificate, an institution's report), so no sitting waits for a background job.
 */
export function createExamGrader(deps: { db: SqlDatabase; now: () => number }) {
  const { db } = deps;

  async function keyOf(tx: SqlClient, lessonId: string, paperSha256: string): Promise<Exam | null> {
    const row = await tx.get<{ body: string }>('SELECT body FROM exam_keys WHERE lesson_id = ? AND paper_sha256 = ?', [
      lessonId,
      paperSha256,
    ]);
    return row ? parseExam(row.body) : null;
  }

  async function gradeOne(sitting: ExamSittingDoc, receivedAt: number): Promise<void> {
    await db.transaction(async (tx) => {
      // One grader at a time per learner (PostgreSQL; SQLite's write transaction already is), so
      // two sittings graded at once cannot both take the last attempt.
      await tx.get(`SELECT id FROM users WHERE id = ?${forUpdate(tx)}`, [sitting.userId]);
      if (await tx.get('SELECT 1 AS found FROM exam_results WHERE sitting_id = ?', [sitting.id])) return;
      const exam = await keyOf(tx, sitting.lessonId, sitting.paperSha256);
      if (!exam) return;
      const graded = await tx.get<{ n: number | string }>(
        "SELECT COUNT(*) AS n FROM exam_results WHERE user_id = ? AND lesson_id = ? AND status = 'graded'",
        [sitting.userId, sitting.lessonId],
      );
      const gradedBefore = Number(graded?.n ?? 0);
      const reason = voidReason(exam, sitting, { gradedBefore, receivedAt });
      const grade = reason
        ? { right: 0, total: exam.questions.length, percent: 0, passed: false }
        : gradeExam(exam, sitting.answers as unknown as Record<string, Answer>, sha256Hex);
      await tx.run(
        `INSERT INTO exam_results (sitting_id, user_id, course_id, lesson_id, attempt, status, void_reason, right_count,
           question_count, percent, passed, started_at, submitted_at, graded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sitting_id) DO NOTHING`,
        [
          sitting.id,
          sitting.userId,
          sitting.courseId,
          sitting.lessonId,
          reason ? 0 : gradedBefore + 1,
          reason ? 'void' : 'graded',
          reason,
          grade.right,
          grade.total,
          grade.percent,
          grade.passed ? 1 : 0,
          sitting.startedAt,
          sitting.submittedAt,
          deps.now(),
        ],
      );
    });
  }

  /** Grades what is waiting: one learner's sittings, or every sitting of a course's exams. */
  async function gradePending(scope: { userId: string } | { courseId: string }): Promise<void> {
    const rows =
      'userId' in scope
        ? await db.all<{ data: string; updated_at: number | string }>(
            `SELECT d.data, d.updated_at FROM documents d WHERE d.collection = 'examsittings' AND d.owner_id = ? AND d.deleted = 0
               AND NOT EXISTS (SELECT 1 FROM exam_results r WHERE r.sitting_id = d.id)`,
            [scope.userId],
          )
        : await db.all<{ data: string; updated_at: number | string }>(
            `SELECT d.data, d.updated_at FROM documents d WHERE d.collection = 'examsittings' AND d.deleted = 0
               AND d.parent_id IN (SELECT lesson_id FROM exam_keys WHERE course_id = ?)
               AND NOT EXISTS (SELECT 1 FROM exam_results r WHERE r.sitting_id = d.id)`,
            [scope.courseId],
          );
    const submitted = rows
      .map((row) => ({ sitting: JSON.parse(row.data) as ExamSittingDoc, receivedAt: Number(row.updated_at) }))
      .filter(({ sitting }) => sitting.status === 'submitted')
      .sort((a, b) => a.sitting.startedAt - b.sitting.startedAt || (a.sitting.id < b.sitting.id ? -1 : 1));
    for (const { sitting, receivedAt } of submitted) await gradeOne(sitting, receivedAt);
  }

  return {
    gradePending,

    /** A learner's results (grading what is waiting first), newest sitting first. */
    async resultsOf(userId: string, courseId?: string): Promise<ExamResult[]> {
      await gradePending({ userId });
      const rows = await db.all<ResultRow>(
        `SELECT * FROM exam_results WHERE user_id = ?${courseId ? ' AND course_id = ?' : ''} ORDER BY started_at DESC, sitting_id`,
        courseId ? [userId, courseId] : [userId],
      );
      return rows.map(toExamResult);
    },

    /** The exam lessons a learner has passed (by a graded sitting), by lesson id. */
    async passedBy(userId: string): Promise<Set<string>> {
      await gradePending({ userId });
      const rows = await db.all<{ lesson_id: string }>(
        "SELECT DISTINCT lesson_id FROM exam_results WHERE user_id = ? AND status = 'graded' AND passed = 1",
        [userId],
      );
      return new Set(rows.map((row) => row.lesson_id));
    },

    /** Every result of a course's exams (grading what is waiting first), for its institution's or creator's reports. */
    async resultsOfCourse(courseId: string): Promise<(ExamResult & { userId: string })[]> {
      await gradePending({ courseId });
      const rows = await db.all<ResultRow>('SELECT * FROM exam_results WHERE course_id = ? ORDER BY started_at', [
        courseId,
      ]);
      return rows.map((row) => ({ ...toExamResult(row), userId: row.user_id }));
    },
  };
}

export type ExamGrader = ReturnType<typeof createExamGrader>;
