import type { CourseDoc } from '../../../common/collections/index.js';
import { AppError } from '../../../common/errors.js';
import type { OperationHandlers, SubscriptionSources } from '../../../common/contract/index.js';
import type { CoreServices } from './core-services.js';

/** Downloads of lessons and whole courses to this device. */
export function downloadOperations({ database, downloads, userId, holdsEntitlement, follow }: CoreServices): {
  operations: Pick<
    OperationHandlers,
    'downloads.start' | 'downloads.pause' | 'downloads.startCourse' | 'downloads.removeCourse' | 'downloads.remove'
  >;
  subscriptions: Pick<SubscriptionSources, 'downloads.watch'>;
} {
  return {
    operations: {
      'downloads.start': async ({ lessonId }) => {
        // Runs in the background; progress and failures show in downloads.watch.
        // Failures are logged by the download manager and shown in downloads.watch.
        downloads.download(lessonId).catch(() => undefined);
        return downloads.view$.value.items.find((item) => item.lessonId === lessonId) ?? null;
      },
      'downloads.pause': async ({ lessonId }) => {
        downloads.pause(lessonId);
        return downloads.view$.value;
      },
      'downloads.startCourse': async ({ courseId }) => {
        // Every lesson this learner may have: all of an owned or free course, else the free previews. One at a time, in outline order.
        const course = (await database.courses.findOne(courseId).exec())?.toJSON() as CourseDoc | undefined;
        if (!course) throw new AppError('NOT_FOUND', 'This course is not on the device.');
        const owner = userId();
        const owned = course.priceAmount === 0 || (owner !== undefined && (await holdsEntitlement(owner, courseId)));
        const lessons = (
          await database.lessons.find({ selector: { courseId }, sort: [{ position: 'asc' }] }).exec()
        ).filter((lesson) => owned || lesson.freePreview);
        void (async () => {
          for (const lesson of lessons) {
            const state = downloads.view$.value.items.find((item) => item.lessonId === lesson.id);
            if (state?.status === 'complete') continue;
            // Pausing the lesson being downloaded pauses the rest of the course too.
            const paused = await downloads.download(lesson.id).then(
              () => false,
              (error: unknown) => error instanceof AppError && error.code === 'CONFLICT',
            );
            if (paused) break;
          }
        })();
        return downloads.view$.value;
      },
      'downloads.removeCourse': async ({ courseId }) => {
        for (const item of downloads.view$.value.items.filter((i) => i.courseId === courseId))
          await downloads.remove(item.lessonId);
        return downloads.view$.value;
      },
      'downloads.remove': async ({ lessonId }) => {
        await downloads.remove(lessonId);
        return downloads.view$.value;
      },
    },
    subscriptions: {
      'downloads.watch': (_input, emit) => follow(downloads.view$, emit),
    },
  };
}
