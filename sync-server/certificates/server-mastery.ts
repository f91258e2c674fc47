import { readFile } from 'node:fs/promises';
import type { AttemptDoc } from '../../common/collections/index.js';
import { exerciseProgress } from '../../common/exercises/mastery.js';
import { parseExercise, type Exercise } from '../../common/exercises/questions.js';
import type { SqlClient } from '../sql/sql-database.js';

/**
 * Mastery as the server derives it — from the learner's attempts and the published exercise,
 * never from what a device reports — with each exercise read once per call.
 */
export function serverMastery(
  db: SqlClient,
  lessonBodyPath: (lessonId: string, courseId: string) => Promise<string | null>,
) {
  const exercises = new Map<string, Promise<Exercise | null>>();
  const exerciseOf = (lessonId: string, courseId: string) => {
    let found = exercises.get(lessonId);
    if (!found) {
      found = lessonBodyPath(lessonId, courseId).then(async (path) =>
        path ? parseExercise(await readFile(path, 'utf8')) : null,
      );
      exercises.set(lessonId, found);
    }
    return found;
  };
  return {
    /** A published exercise as the server stored it, or null when there is none (or it is unreadable). */
    exerciseOf,
    /** The exercise lessons `userId` has mastered, by lesson id. */
    async masteredBy(userId: string): Promise<Set<string>> {
      const attempts = (
        await db.all<{ data: string }>(
          "SELECT data FROM documents WHERE collection = 'attempts' AND owner_id = ? AND deleted = 0",
          [userId],
        )
      ).map((row) => JSON.parse(row.data) as AttemptDoc);
      const byLesson = new Map<string, AttemptDoc[]>();
      for (const attempt of attempts)
        byLesson.set(attempt.lessonId, [...(byLesson.get(attempt.lessonId) ?? []), attempt]);
      const mastered = new Set<string>();
      for (const [lessonId, list] of byLesson) {
        const exercise = await exerciseOf(lessonId, list[0]!.courseId);
        if (exercise && exerciseProgress(exercise, list).mastered) mastered.add(lessonId);
      }
      return mastered;
    },
  };
}
