import type { LessonDoc, ProgressDoc } from '../../../common/collections/index.js';
import type { z } from 'zod';
import type { progressInputSchema } from '../../../common/contract/learning.js';
import type { ClientDatabase } from '../database/open-client-database.js';

type ProgressInput = z.output<typeof progressInputSchema>;

/** A media lesson counts as complete within the last 5% (credits, silence); a PDF on its last page; text scrolled to the end. */
const COMPLETE_AT = 0.95;

/**
 * Saves where the learner is, continuously (the UI calls this every few seconds and on
 * leaving a lesson). The position may move back (re-watching), the furthest point and
 * completion never do; the course's completion is the share of its lessons completed.
 */
export async function saveProgress(
  db: ClientDatabase,
  userId: string,
  lesson: LessonDoc,
  input: ProgressInput,
  now: number,
): Promise<ProgressDoc> {
  const id = `${userId}:${lesson.courseId}`;
  const course = await db.courses.findOne(lesson.courseId).exec();
  const lessonCount = Math.max(1, course?.lessonCount ?? 1);
  const reachedEnd = input.length !== undefined && input.length > 0 && input.position >= input.length * COMPLETE_AT;
  const apply = (current: ProgressDoc | null): ProgressDoc => {
    const lessons = [...(current?.lessons ?? [])];
    const index = lessons.findIndex((entry) => entry.lessonId === lesson.id);
    const previous = index >= 0 ? lessons[index] : undefined;
    const entry = {
      lessonId: lesson.id,
      positionSeconds: input.position,
      furthestSeconds: Math.max(previous?.furthestSeconds ?? 0, input.position),
      completed: Boolean(previous?.completed) || Boolean(input.completed) || reachedEnd,
      updatedAt: now,
    };
    if (index >= 0) lessons[index] = entry;
    else lessons.push(entry);
    const completion = Math.min(1, lessons.filter((l) => l.completed).length / lessonCount);
    return {
      id,
      userId,
      courseId: lesson.courseId,
      lessons,
      lastLessonId: lesson.id,
      completion: Math.round(completion * 10_000) / 10_000,
      updatedAt: now,
    };
  };
  const existing = await db.progress.findOne(id).exec();
  if (!existing) return (await db.progress.insert(apply(null))).toJSON() as ProgressDoc;
  // incrementalModify runs on the latest stored state, so two quick saves never overwrite each other.
  return (await existing.incrementalModify((doc) => apply(doc))).toJSON() as ProgressDoc;
}

/** The stored position of one lesson, or 0. */
export function positionIn(progress: ProgressDoc | null | undefined, lessonId: string): number {
  return progress?.lessons.find((entry) => entry.lessonId === lessonId)?.positionSeconds ?? 0;
}
