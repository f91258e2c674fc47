import { combineLatest, distinctUntilChanged, map, of, switchMap, type Observable } from 'rxjs';
import {
  anyAnswerSchema,
  learnersResponseSchema,
  publishResponseSchema,
  salesResponseSchema,
  userResponseSchema,
} from '../../../common/server-api/responses.js';
import { createHash } from 'node:crypto';
import { publishAdvice, publishProblems } from '../../../common/authoring/publish-rules.js';
import { publishChanges } from '../../../common/authoring/publish-changes.js';
import { parseGift } from '../../../common/exercises/gift-import.js';
import { parseQuestionCsv } from './question-csv.js';
import { questionReportSchema } from '../../../common/server-api/question-report.js';
import type { CourseDoc, CourseDraftDoc, LessonDoc } from '../../../common/collections/index.js';
import type { CreatorCourseRatings } from '../../../common/contract/authoring.js';
import type { OperationHandlers, SubscriptionSources } from '../../../common/contract/index.js';
import { AppError } from '../../../common/errors.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import type { ServerApi } from '../server-api.js';
import type { SessionManager } from '../session/session-manager.js';
import type { ReplicationManager } from '../sync/replication-manager.js';
import type { DraftEditor } from './draft-editor.js';
import type { MediaUploads } from './media-uploads.js';
import type { ReviewCache } from '../catalog/review-cache.js';
import type { CourseReviews } from '../../../common/contract/index.js';

type CreatorOperationName =
  'creator.become' | 'creator.learners' | 'creator.sales' | 'creator.questionStats' | `drafts.${string}`;
type CreatorSubscriptionName = 'drafts.watchUploads' | 'creator.watchReviews' | 'drafts.watchMine' | 'drafts.watch';

/** The creator's studio as contract operations and live queries: drafts, publishing, the dashboard. */
export function creatorOperations(deps: {
  database: ClientDatabase;
  session: SessionManager;
  sync: ReplicationManager;
  server: ServerApi;
  drafts: DraftEditor;
  mediaUploads: MediaUploads;
  requireCreator: () => string;
  userId: () => string | undefined;
  perAccount: <T>(source: () => Observable<T>, emit: (value: T) => void) => () => void;
  follow: <T>(source: Observable<T>, emit: (value: T) => void) => () => void;
  now: () => number;
  reviews: ReviewCache;
}) {
  /** The server's answer, kept on the device so the creator's dashboard still shows it offline. */
  async function lastKnown<T>(key: string, fetchIt: () => Promise<T>): Promise<T> {
    const id = `creator:${deps.userId() ?? ''}:${key}`;
    try {
      const value = await fetchIt();
      await deps.database.localstate.upsert({ id, value, updatedAt: deps.now() });
      return value;
    } catch (error) {
      const kept = await deps.database.localstate.findOne(id).exec();
      if (kept && error instanceof AppError && error.code === 'SERVER_UNREACHABLE') return kept.value as T;
      throw error;
    }
  }
  const operations = {
    'creator.become': async () => {
      const { user } = await deps.server.call('/v1/me/creator', {}, userResponseSchema);
      deps.session.setRole(user.role);
      deps.sync.resync();
      return deps.session.state$.value;
    },
    'creator.learners': async () => {
      deps.requireCreator();
      return lastKnown(
        'learners',
        async () => (await deps.server.get('/v1/creator/learners', learnersResponseSchema)).courses,
      );
    },
    'creator.sales': async () => {
      deps.requireCreator();
      return lastKnown('sales', async () => (await deps.server.get('/v1/creator/sales', salesResponseSchema)).sales);
    },
    'drafts.create': async ({ title }) => {
      deps.requireCreator();
      return deps.drafts.create(title);
    },
    'drafts.update': (patch) => deps.drafts.update(patch),
    'drafts.addSection': ({ courseId, title }) => deps.drafts.addSection(courseId, title),
    'drafts.renameSection': ({ courseId, sectionId, title }) => deps.drafts.renameSection(courseId, sectionId, title),
    'drafts.moveSection': ({ courseId, from, to }) => deps.drafts.moveSection(courseId, from, to),
    'drafts.addLesson': ({ courseId, sectionId, kind, title }) =>
      deps.drafts.addLesson(courseId, sectionId, kind, title),
    'drafts.updateLesson': (patch) => deps.drafts.updateLesson(patch),
    'drafts.moveLesson': ({ courseId, lessonId, toSectionId, index }) =>
      deps.drafts.moveLesson(courseId, lessonId, toSectionId, index),
    'drafts.removeLesson': ({ courseId, lessonId }) => deps.drafts.removeLesson(courseId, lessonId),
    'drafts.undo': ({ courseId }) => deps.drafts.undo(courseId),
    'drafts.resolveConflict': ({ courseId, field, use }) => deps.drafts.resolveConflict(courseId, field, use),
    'drafts.uploadMedia': (input) => {
      deps.requireCreator();
      return deps.mediaUploads.chunk(input);
    },
    // Parsing only: nothing is stored until the creator keeps the questions (they land in the draft's text).
    'drafts.parseQuestions': async ({ format, text }) => (format === 'gift' ? parseGift(text) : parseQuestionCsv(text)),
    'creator.questionStats': ({ courseId }) =>
      deps.server.get(`/v1/creator/courses/${encodeURIComponent(courseId)}/question-stats`, questionReportSchema),
    'drafts.publish': async ({ courseId }) => {
      deps.requireCreator();
      const draft = (await deps.database.coursedrafts.findOne(courseId).exec())?.toJSON() as CourseDraftDoc | undefined;
      if (!draft) throw new AppError('NOT_FOUND', 'There is no draft of yours with this id.');
      const problems = publishProblems(draft);
      if (problems.length > 0)
        throw new AppError(
          'INVALID_INPUT',
          'The draft is not ready to publish.',
          problems.map((p) => p.code),
        );
      // The server publishes the draft it has: make sure it has this revision, and every file, first.
      await deps.mediaUploads.flush(courseId);
      deps.sync.resync();
      await deps.sync.awaitInSync();
      const result = await deps.server.call(
        `/v1/creator/courses/${encodeURIComponent(courseId)}/publish`,
        { draftRevision: draft.draftRevision },
        publishResponseSchema,
      );
      await deps.drafts.markPublished(courseId, result.draftRevision, 'published');
      deps.sync.resync();
      return result;
    },
    'drafts.unpublish': async ({ courseId }) => {
      deps.requireCreator();
      await deps.server.call(`/v1/creator/courses/${encodeURIComponent(courseId)}/unpublish`, {}, anyAnswerSchema);
      const draft = (await deps.database.coursedrafts.findOne(courseId).exec())?.toJSON() as CourseDraftDoc | undefined;
      deps.sync.resync();
      return deps.drafts.markPublished(courseId, draft?.publishedRevision ?? 0, 'unpublished');
    },
  } satisfies Partial<OperationHandlers>;
  const subscriptions = {
    'drafts.watchUploads': (_input, emit) => deps.follow(deps.mediaUploads.uploads$, emit),
    'creator.watchReviews': (_input, emit) =>
      deps.perAccount(
        () => {
          const courses$ = deps.database.courses.find({ selector: { creatorId: deps.userId() ?? '' } }).$;
          // Each course's reviews come from the review cache (fetched from the server, kept for offline);
          // they are asked for again only when the list of courses changes, not with every rating.
          const reviews$ = courses$.pipe(
            map((courses) => courses.map((course) => course.id)),
            distinctUntilChanged((a, b) => a.join('\n') === b.join('\n')),
            switchMap((ids) =>
              ids.length === 0
                ? of(new Map<string, CourseReviews>())
                : combineLatest(ids.map((id) => deps.reviews.reviews$(id))).pipe(
                    map((answers) => new Map(ids.map((id, i) => [id, answers[i]!]))),
                  ),
            ),
          );
          return combineLatest([courses$, reviews$]);
        },
        ([courses, byCourse]) => {
          const recent = [...byCourse.values()]
            .flatMap((answer) => answer.reviews)
            .sort((a, b) => b.createdAt - a.createdAt)
            .slice(0, 8);
          emit({
            courses: courses.map((course) => ({
              courseId: course.id,
              ratingAverage: course.ratingAverage,
              ratingCount: course.ratingCount,
              distribution:
                byCourse.get(course.id)?.distribution ?? ([0, 0, 0, 0, 0] as CreatorCourseRatings['distribution']),
            })),
            recent,
          });
        },
      ),
    'drafts.watchMine': (_input, emit) =>
      deps.perAccount(
        () =>
          deps.database.coursedrafts.find({
            selector: { creatorId: deps.userId() ?? '' },
            sort: [{ updatedAt: 'desc' }],
          }).$,
        (docs) => emit(docs.map((d) => d.toJSON() as CourseDraftDoc)),
      ),
    'drafts.watch': ({ courseId }, emit) =>
      deps.perAccount(
        () =>
          combineLatest([
            deps.database.coursedrafts.findOne(courseId).$,
            deps.database.courses.findOne(courseId).$,
            deps.database.localstate.findOne(`undo:${courseId}`).$,
            deps.database.lessons.find({ selector: { courseId } }).$,
          ]),
        ([doc, course, undo, lessons]) => {
          if (!doc || doc.creatorId !== deps.userId()) return emit(null);
          const draft = doc.toJSON() as CourseDraftDoc;
          const published = course ? (course.toJSON() as CourseDoc) : null;
          emit({
            draft,
            problems: publishProblems(draft),
            published,
            unpublishedChanges:
              draft.publishedRevision === undefined || draft.publishedRevision !== draft.draftRevision,
            changes: publishChanges(
              draft,
              published,
              lessons.map((lesson) => lesson.toJSON() as LessonDoc),
              textSha256,
            ),
            advice: publishAdvice(draft),
            undoable: ((undo?.value as unknown[] | undefined) ?? []).length,
          });
        },
      ),
  } satisfies Partial<SubscriptionSources>;
  return {
    operations: operations as Pick<OperationHandlers, Extract<keyof OperationHandlers, CreatorOperationName>>,
    subscriptions: subscriptions as Pick<SubscriptionSources, CreatorSubscriptionName>,
  };
}

/** The SHA-256 the server records for a text lesson's body (its UTF-8 bytes). */
function textSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
