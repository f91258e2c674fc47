import type { AttemptDoc, CourseDoc, ExamSittingDoc, LessonDoc } from '../../common/collections/index.js';
import { parseExam } from '../../common/exercises/exam.js';
import { examQuestionStats } from '../exams/exam-question-stats.js';
import type { ExamGrader } from '../exams/exam-grader.js';
import { questionStats, type AnsweredAttempt } from '../../common/exercises/question-stats.js';
import type { QuestionReport } from '../../common/server-api/question-report.js';
import { serverMastery } from '../certificates/server-mastery.js';
import { DomainError } from '../domain/domain-error.js';
import type { SqlDatabase } from '../sql/sql-database.js';

/**
 * How learners answer a creator's exercises and exams, per question: answers, right answers,
 * the most common wrong answer and where learners stop — counts only, never who. Exams count
 * only the sittings the server graded (so a learner's report waits for their sync). Only the course's
 * own creator (or an administrator) gets it.
 */
export async function questionReport(
  db: SqlDatabase,
  lessonBodyPath: (lessonId: string, courseId: string) => Promise<string | null>,
  caller: { userId: string; role: string },
  courseId: string,
  /** Grades the course's waiting exam sittings first, so the report counts every one received. */
  grader?: Pick<ExamGrader, 'gradePending'>,
): Promise<QuestionReport> {
  const course = await db.get<{ data: string; owner_id: string | null }>(
    "SELECT data, owner_id FROM documents WHERE collection = 'courses' AND id = ? AND deleted = 0",
    [courseId],
  );
  // The same answer for a course that is missing and one that is not yours.
  if (!course || (course.owner_id !== caller.userId && caller.role !== 'admin'))
    throw new DomainError('NOT_FOUND', 'No such course of yours.');
  await grader?.gradePending({ courseId });
  const lessons = (
    await db.all<{ data: string }>(
      "SELECT data FROM documents WHERE collection = 'lessons' AND parent_id = ? AND deleted = 0 ORDER BY id",
      [courseId],
    )
  )
    .map((row) => JSON.parse(row.data) as LessonDoc)
    .filter((lesson) => lesson.kind === 'exercise' || lesson.kind === 'exam')
    .sort((a, b) => a.position - b.position);
  const report: QuestionReport = { courseId, title: (JSON.parse(course.data) as CourseDoc).title, lessons: [] };
  const exercises = serverMastery(db, lessonBodyPath);
  for (const lesson of lessons) {
    if (lesson.kind === 'exam') {
      const stats = await examReport(db, lesson.id);
      if (stats) report.lessons.push({ lessonId: lesson.id, title: lesson.title, kind: 'exam', ...stats });
      continue;
    }
    const exercise = await exercises.exerciseOf(lesson.id, courseId);
    if (!exercise) continue;
    const byLearner = new Map<string, AnsweredAttempt[]>();
    const rows = await db.all<{ data: string; owner_id: string }>(
      "SELECT data, owner_id FROM documents WHERE collection = 'attempts' AND parent_id = ? AND deleted = 0",
      [lesson.id],
    );
    for (const row of rows) {
      const attempt = JSON.parse(row.data) as AttemptDoc;
      byLearner.set(row.owner_id, [...(byLearner.get(row.owner_id) ?? []), attempt]);
    }
    report.lessons.push({
      lessonId: lesson.id,
      title: lesson.title,
      kind: 'exercise',
      learners: byLearner.size,
      questions: questionStats(exercise, byLearner),
    });
  }
  return report;
}

/** An exam's statistics from its graded sittings, each by its own paper's key (null when it has no key). */
async function examReport(db: SqlDatabase, lessonId: string) {
  const keys = await db.all<{ paper_sha256: string; body: string }>(
    'SELECT paper_sha256, body FROM exam_keys WHERE lesson_id = ? ORDER BY published_at',
    [lessonId],
  );
  const exams = new Map(
    keys.flatMap((key) => {
      const exam = parseExam(key.body);
      return exam ? [[key.paper_sha256, exam] as const] : [];
    }),
  );
  const current = [...exams.values()].at(-1);
  if (!current) return null;
  const rows = await db.all<{ data: string }>(
    `SELECT d.data FROM documents d JOIN exam_results r ON r.sitting_id = d.id
     WHERE d.collection = 'examsittings' AND d.parent_id = ? AND d.deleted = 0 AND r.status = 'graded'`,
    [lessonId],
  );
  const sittings = rows.flatMap((row) => {
    const sitting = JSON.parse(row.data) as ExamSittingDoc;
    const exam = exams.get(sitting.paperSha256);
    return exam ? [{ sitting, exam }] : [];
  });
  return examQuestionStats(current, sittings);
}
