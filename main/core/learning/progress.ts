import type { LessonDoc, ProgressDoc } from '../../../common/collections/index.js';
import type { z } from 'zod';
import { COMPLETE_SHARE, coverage, mergeRanges } from '../../../common/learning/seen-ranges.js';
import type { progressInputSchema } from '../../../common/contract/learning.js';
import type { ClientDatabase } from '../database/open-client-database.js';

type ProgressInput = z.output<typeof progressInputSchema>;

/** For a caller that reports only a position (no `seen` ranges): complete within the last 5 %. */
const COMPLETE_AT = 0.95;

/**
 * Saves where the learner is, continuously (the UI calls this every few seconds and on
 * leaving a lesson). The position may move back (re-watching); the furthest point and
 * what was seen only grow. A lesson is done when enough of it was actually seen for its
 * kind (common/learning/seen-ranges.ts: media 90 %, every PDF page, text to its end) or
 * when the learner marks it complete (and not done again when they take that back, unless
 * seen). The course's completion is the share of its lessons done.
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
  const reachedEnd =
    input.seen === undefined &&
    input.length !== undefined &&
    input.length > 0 &&
    input.position >= input.length * COMPLETE_AT;
  const apply = (current: ProgressDoc | null): ProgressDoc => {
    const lessons = [...(current?.lessons ?? [])];
    const index = lessons.findIndex((entry) => entry.lessonId === lesson.id);
    const previous = index >= 0 ? lessons[index] : undefined;
    const seen = mergeRanges(previous?.seen, input.seen);
    const markedComplete = input.completed ?? previous?.markedComplete ?? false;
    const seenEnough = coverage(seen) >= COMPLETE_SHARE[lesson.kind];
    const entry: ProgressDoc['lessons'][number] = {
      lessonId: lesson.id,
      positionSeconds: input.position,
      furthestSeconds: Math.max(previous?.furthestSeconds ?? 0, input.position),
      completed:
        markedComplete ||
        seenEnough ||
        reachedEnd ||
        // Done stays done, unless the learner takes back their own "mark complete".
        (Boolean(previous?.completed) && input.completed !== false),
      updatedAt: now,
      ...(seen.length > 0 ? { seen } : {}),
      ...(markedComplete ? { markedComplete } : {}),
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
