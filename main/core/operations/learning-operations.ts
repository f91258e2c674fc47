import type { CourseDoc, LessonDoc, NoteDoc, ProgressDoc, RatingDoc } from '../../../common/collections/index.js';
import { AppError } from '../../../common/errors.js';
import { openLesson } from '../learning/lesson-opener.js';
import { createExercisePractice } from '../learning/exercise-practice.js';
import { home$, library$, ownedCourseIds$ } from '../learning/library.js';
import { newLessons$, seenId } from '../learning/new-lessons.js';
import { combineLatest, map } from 'rxjs';
import { deleteNote, notesToMarkdown, saveNote } from '../learning/notes.js';
import { saveProgress } from '../learning/progress.js';
import type { OperationHandlers, SubscriptionSources } from '../../../common/contract/index.js';
import type { CoreServices } from './core-services.js';

/** Studying: the library and home, opening lessons, progress, notes and ratings. */
export function learningOperations({
  database,
  session,
  downloads,
  settings,
  appInfo,
  now,
  media,
  access,
  recommender,
  userId,
  requireUser,
  lessonOf,
  holdsEntitlement,
  perAccount,
}: CoreServices): {
  operations: Pick<
    OperationHandlers,
    | 'lessons.open'
    | 'progress.save'
    | 'notes.save'
    | 'notes.delete'
    | 'notes.export'
    | 'ratings.save'
    | 'exercises.answer'
    | 'home.dismissNewLessons'
  >;
  subscriptions: Pick<
    SubscriptionSources,
    | 'library.watch'
    | 'library.watchOwned'
    | 'home.watch'
    | 'progress.watchCourse'
    | 'notes.watch'
    | 'exercises.watch'
    | 'ratings.watchMine'
    | 'library.watchOfflineAccess'
  >;
} {
  const watchLibrary = () =>
    library$(database, userId(), downloads.view$, {
      now: () => now().getTime(),
      graceMs: () => settings.get().offlineGraceDays * 86_400_000,
    });
  const practice = createExercisePractice({ db: database, downloads, now: () => now().getTime() });
  return {
    operations: {
      // The notice of new column lessons: dismissed until lessons released after now.
      'home.dismissNewLessons': async () => {
        const owner = requireUser();
        const at = now().getTime();
        await database.localstate.upsert({ id: seenId(owner), value: at, updatedAt: at });
        return {};
      },
      'lessons.open': ({ lessonId }) => {
        const current = session.current();
        return openLesson(
          {
            db: database,
            downloads,
            media,
            account: () => (current ? { userId: current.user.id, email: current.user.email } : null),
          },
          lessonId,
        );
      },
      'progress.save': async (input) => {
        // Free previews can be studied signed out; there is just nowhere to save progress.
        const id = userId();
        return id ? saveProgress(database, id, await lessonOf(input.lessonId), input, now().getTime()) : null;
      },
      'exercises.answer': async ({ lessonId, ...input }) =>
        practice.answer(requireUser(), await lessonOf(lessonId), input),
      'notes.save': async (input) =>
        saveNote(database, requireUser(), await lessonOf(input.lessonId), input, now().getTime()),
      'notes.delete': async ({ id }) => {
        await deleteNote(database, requireUser(), id);
        return {};
      },
      'notes.export': async ({ courseId, language: asked }) => {
        const owner = requireUser();
        const course = (await database.courses.findOne(courseId).exec())?.toJSON() as CourseDoc | undefined;
        if (!course) throw new AppError('NOT_FOUND', 'This course is not on the device.');
        const lessons = (
          await database.lessons.find({ selector: { courseId }, sort: [{ position: 'asc' }] }).exec()
        ).map((d) => d.toJSON() as LessonDoc);
        const notes = (await database.notes.find({ selector: { courseId } }).exec())
          .map((d) => d.toJSON() as NoteDoc)
          .filter((note) => note.userId === owner);
        const chosen = asked ?? settings.get().language;
        const language =
          chosen === 'en' || (chosen === 'system' && !appInfo.systemLocale.startsWith('zh')) ? 'en' : 'zh-CN';
        const title = (language === 'en' ? course.title.en : course.title.zh) || course.id;
        return {
          fileName: `${[...title]
            .filter((c) => c >= ' ')
            .join('')
            .replace(/[\\/:*?"<>|]+/g, ' ')
            .replace(/\s+/g, ' ')
            .trim()
            .slice(0, 80)}.md`,
          markdown: notesToMarkdown(course, lessons, notes, language),
        };
      },
      'ratings.save': async ({ courseId, stars, review }) => {
        const owner = requireUser();
        const course = await database.courses.findOne(courseId).exec();
        if (!course) throw new AppError('NOT_FOUND', 'This course is not on the device.');
        if (course.priceAmount > 0 && !(await holdsEntitlement(owner, courseId)))
          throw new AppError('UNAUTHORIZED', 'Rate a course once you own it.');
        const id = `${owner}:${courseId}`;
        const at = now().getTime();
        const existing = await database.ratings.findOne(id).exec();
        const next = (previous?: RatingDoc): RatingDoc => {
          const doc: RatingDoc = {
            id,
            userId: owner,
            courseId,
            stars: stars as RatingDoc['stars'],
            createdAt: previous?.createdAt ?? at,
            updatedAt: at,
          };
          if (review) doc.review = review;
          return doc;
        };
        const saved = existing
          ? await existing.incrementalModify((doc) => next(doc))
          : await database.ratings.insert(next());
        return saved.toJSON();
      },
    },
    subscriptions: {
      'library.watch': (_input, emit) => perAccount(watchLibrary, emit),
      'library.watchOwned': (_input, emit) =>
        perAccount(
          () => ownedCourseIds$(database, userId()),
          (courseIds) => emit({ courseIds }),
        ),
      'home.watch': (_input, emit) =>
        perAccount(
          () =>
            combineLatest([
              home$(database, watchLibrary(), recommender.forYou$(userId())),
              newLessons$(database, userId(), watchLibrary(), () => now().getTime()),
            ]).pipe(map(([home, newLessons]) => ({ ...home, newLessons }))),
          emit,
        ),
      'progress.watchCourse': ({ courseId }, emit) =>
        perAccount(
          () => database.progress.findOne(`${userId() ?? ''}:${courseId}`).$,
          (doc) => emit(doc ? (doc.toJSON() as ProgressDoc) : null),
        ),
      'notes.watch': ({ courseId, lessonId }, emit) =>
        perAccount(
          () =>
            database.notes.find({
              selector: { courseId, userId: userId() ?? '', ...(lessonId ? { lessonId } : {}) },
              sort: [{ createdAt: 'asc' }],
            }).$,
          (docs) => emit(docs.map((doc) => doc.toJSON() as NoteDoc)),
        ),
      'exercises.watch': ({ lessonId }, emit) => {
        let stop = () => undefined as void;
        let closed = false;
        lessonOf(lessonId).then(
          (lesson) => {
            if (!closed) stop = practice.watch(userId() ?? '', lesson, emit);
          },
          () => emit({ attempts: [], progress: null }),
        );
        return () => {
          closed = true;
          stop();
        };
      },
      'ratings.watchMine': ({ courseId }, emit) =>
        perAccount(
          () => database.ratings.findOne(`${userId() ?? ''}:${courseId}`).$,
          (doc) => emit(doc ? (doc.toJSON() as RatingDoc) : null),
        ),
      'library.watchOfflineAccess': (_input, emit) => {
        // Re-evaluated hourly and whenever the last-online record changes.
        const push = () => void access.status().then(emit);
        push();
        const timer = setInterval(push, 3_600_000);
        timer.unref();
        const subscription = database.localstate.findOne('sync:lastOnlineAt').$.subscribe(push);
        return () => {
          clearInterval(timer);
          subscription.unsubscribe();
        };
      },
    },
  };
}
