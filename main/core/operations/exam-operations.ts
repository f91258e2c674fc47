import type { OperationHandlers, SubscriptionSources } from '../../../common/contract/index.js';
import type { CoreServices } from './core-services.js';

/** Exams: sittings started, answered and sealed on the device; results from the server that grades them. */
export function examOperations({ exams, requireUser, userId, lessonOf, follow }: CoreServices): {
  operations: Pick<OperationHandlers, 'exams.start' | 'exams.answer' | 'exams.submit' | 'exams.refreshResults'>;
  subscriptions: Pick<SubscriptionSources, 'exams.watch'>;
} {
  return {
    operations: {
      'exams.start': async ({ lessonId }) => exams.start(requireUser(), await lessonOf(lessonId)),
      'exams.answer': async (input) => exams.answer(requireUser(), input),
      'exams.submit': async ({ sittingId }) => {
        await exams.submit(requireUser(), sittingId);
        return {};
      },
      'exams.refreshResults': async () => ({ fresh: await exams.refreshResults(requireUser()) }),
    },
    subscriptions: {
      'exams.watch': ({ lessonId }, emit) => {
        let stop = () => undefined as void;
        let closed = false;
        lessonOf(lessonId).then(
          (lesson) => {
            if (!closed) stop = follow(exams.watch(userId() ?? '', lesson), emit);
          },
          () => emit({ paper: null, sittings: [], results: [], refusal: null }),
        );
        return () => {
          closed = true;
          stop();
        };
      },
    },
  };
}
