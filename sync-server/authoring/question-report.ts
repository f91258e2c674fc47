import type { AttemptDoc, CourseDoc, LessonDoc } from '../../common/collections/index.js';
import { questionStats, type AnsweredAttempt } from '../../common/exercises/question-stats.js';
import type { QuestionReport } from '../../common/server-api/question-report.js';
import { serverMastery } from '../certificates/server-mastery.js';
import { DomainError } from '../domain/domain-error.js';
import type { SqlDatabase } from '../sql/sql-database.js';

/**
 * How learners answer a creator's exercises, per question: answers, right answers, the most
 * common wrong answer and where learners stop — counts only, never who. Only the course's
 * own creator (or an administrator) gets it.
 */
export async function questionReport(
  db: SqlDatabase,
  lessonBodyPath: (lessonId: string, courseId: string) => Promise<string | null>,
  caller: { userId: string; role: string },
  courseId: string,
): Promise<QuestionReport> {
  const course = await db.get<{ data: string; owner_id: string | null }>(
    "SELECT data, owner_id FROM documents WHERE collection = 'courses' AND id = ? AND deleted = 0",
    [courseId],
  );
  // The same answer for a course that is missing and one that is not yours.
  if (!course || (course.owner_id !== caller.userId && caller.role !== 'admin'))
    throw new DomainError('NOT_FOUND', 'No such course of yours.');
  const lessons = (
    await db.all<{ data: string }>(
      "SELECT data FROM documents WHERE collection = 'lessons' AND parent_id = ? AND deleted = 0 ORDER BY id",
      [courseId],
    )
  )
    .map((row) => JSON.parse(row.data) as LessonDoc)
    .filter((lesson) => lesson.kind === 'exercise')
    .sort((a, b) => a.position - b.position);
  const report: QuestionReport = { courseId, title: (JSON.parse(course.data) as CourseDoc).title, lessons: [] };
  const exercises = serverMastery(db, lessonBodyPath);
  for (const lesson of lessons) {
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
      learners: byLearner.size,
      questions: questionStats(exercise, byLearner),
    });
  }
  return report;
}
