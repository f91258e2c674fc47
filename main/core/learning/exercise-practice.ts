import { randomUUID } from 'node:crypto';
import { map, type Observable } from 'rxjs';
import type { AttemptDoc, LessonDoc } from '../../../common/collections/index.js';
import type { ExerciseAnswered, ExerciseState } from '../../../common/contract/exercises.js';
import { isCorrect } from '../../../common/exercises/grading.js';
import { exerciseProgress } from '../../../common/exercises/mastery.js';
import { parseExercise, type Answer, type Exercise } from '../../../common/exercises/questions.js';
import { AppError } from '../../../common/errors.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import type { DownloadManager } from '../downloads/download-manager.js';
import { saveProgress } from './progress.js';

/** An exercise body above this size is refused rather than read. */
const MAX_EXERCISE_BYTES = 2 * 1024 * 1024;

/**
 * Practice on the device, online or offline: the exercise read from the downloaded lesson,
 * each answer graded at once by the shared rules and kept as an append-only attempt (synced
 * like notes), and mastery derived from the attempts. Mastering an exercise completes its
 * lesson; a wrong answer never fails anything.
 */
export function createExercisePractice(deps: { db: ClientDatabase; downloads: DownloadManager; now: () => number }) {
  async function exerciseOf(lesson: LessonDoc): Promise<Exercise> {
    if (lesson.kind !== 'exercise') throw new AppError('INVALID_INPUT', 'This lesson is not an exercise.');
    if (lesson.contentBytes > MAX_EXERCISE_BYTES) throw new AppError('STORAGE_FAILED', 'This exercise is too large.');
    const downloaded = deps.downloads.view$.value.items.find((item) => item.lessonId === lesson.id);
    if (downloaded?.status !== 'complete') await deps.downloads.download(lesson.id);
    const body = (await deps.downloads.read(lesson.id, 0, lesson.contentBytes - 1)).toString('utf8');
    const exercise = parseExercise(body);
    if (!exercise) throw new AppError('STORAGE_FAILED', 'This exercise could not be read; download it again.');
    return exercise;
  }

  const attemptsOf$ = (userId: string, lessonId: string): Observable<AttemptDoc[]> =>
    deps.db.attempts
      .find({ selector: { lessonId }, sort: [{ updatedAt: 'asc' }] })
      .$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as AttemptDoc).filter((a) => a.userId === userId)));

  return {
    /** Grades one answer, keeps it, and says whether it was right (with the explanation) and where the learner stands. */
    async answer(
      userId: string,
      lesson: LessonDoc,
      input: { round: string; questionId: string; answer: Answer },
    ): Promise<ExerciseAnswered> {
      const exercise = await exerciseOf(lesson);
      const question = exercise.questions.find((q) => q.id === input.questionId);
      if (!question) throw new AppError('NOT_FOUND', 'This question is no longer in the exercise.');
      const correct = isCorrect(question, input.answer);
      const at = deps.now();
      const attempt: AttemptDoc = {
        id: `attempt-${randomUUID()}`,
        userId,
        courseId: lesson.courseId,
        lessonId: lesson.id,
        questionId: question.id,
        round: input.round,
        answer: input.answer,
        correct,
        at,
        updatedAt: at,
      };
      await deps.db.attempts.insert(attempt);
      const attempts = (await deps.db.attempts.find({ selector: { lessonId: lesson.id } }).exec())
        .map((doc) => doc.toJSON() as AttemptDoc)
        .filter((a) => a.userId === userId);
      const progress = exerciseProgress(exercise, attempts);
      // Mastered: the lesson counts as done (and stays done: mastery is never taken back by a later slip).
      if (progress.mastered)
        await saveProgress(deps.db, userId, lesson, { lessonId: lesson.id, position: 0, completed: true }, at);
      return {
        correct,
        ...(question.explanation ? { explanation: question.explanation } : {}),
        progress,
      };
    },

    /** The learner's attempts at one exercise lesson, live, with the progress they add up to. */
    watch(userId: string, lesson: LessonDoc, emit: (state: ExerciseState) => void): () => void {
      let exercise: Exercise | null = null;
      let latest: AttemptDoc[] = [];
      // Nothing is said until the exercise has been read (or could not be): a first answer without
      // progress would look like "not started" for a moment.
      let settled = false;
      const send = () => {
        if (!settled) return;
        emit({
          attempts: latest.map(({ id, questionId, round, correct, at }) => ({ id, questionId, round, correct, at })),
          progress: exercise ? exerciseProgress(exercise, latest) : null,
        });
      };
      exerciseOf(lesson)
        .then(
          (read) => void (exercise = read),
          () => undefined,
        )
        .finally(() => {
          settled = true;
          send();
        });
      const subscription = attemptsOf$(userId, lesson.id).subscribe((attempts) => {
        latest = attempts;
        send();
      });
      return () => subscription.unsubscribe();
    },
  };
}

export type ExercisePractice = ReturnType<typeof createExercisePractice>;
