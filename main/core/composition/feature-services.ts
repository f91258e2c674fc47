import { distinctUntilChanged, filter, map } from 'rxjs';
import { joinResponseSchema } from '../../../common/server-api/responses.js';
import { createAuthoring } from '../authoring/create-authoring.js';
import { examResultsResponseSchema } from '../../../common/server-api/exams.js';
import { createExamSittings } from '../learning/exam-sittings.js';
import { createContentPacks } from '../packs/content-packs.js';
import { createProvisioning } from '../provisioning/provisioning-service.js';
import { deviceRecommender } from '../recommend/device-recommender.js';
import { catalogSearchAnswerSchema } from '../../../common/server-api/catalog-search.js';
import { createCatalogSearch } from '../search/catalog-search.js';
import { createReviewCache } from '../catalog/review-cache.js';
import { courseReviewsAnswerSchema } from '../../../common/server-api/reviews.js';
import { courseLessonsAnswerSchema } from '../../../common/server-api/course-lessons.js';
import { createLessonCache } from '../catalog/lesson-cache.js';
import type { AccountLayer } from './account-layer.js';
import type { DataServices } from './data-services.js';
import type { Foundation } from './foundation.js';

/** The features on top: authoring, search, provisioning, content packs and recommendations. */
export function startFeatureServices(ground: Foundation, account: AccountLayer, data: DataServices) {
  const { database, dataDir, log, fetch, serverUrl, settings, options } = ground;
  const { session, server, serverKeys } = account;
  const { sync, downloads, helpers } = data;
  const now = () => ground.now().getTime();
  const reviews = createReviewCache({
    db: database,
    now,
    fetchReviews: (courseId, limit) =>
      server.publicGet(`/v1/courses/${encodeURIComponent(courseId)}/reviews?limit=${limit}`, courseReviewsAnswerSchema),
    // Offline is the common case: the course shows the reviews kept from before.
    onError: (error) => log.child('reviews').debug('reviews not fetched', { error }),
  });
  const lessons = createLessonCache({
    db: database,
    now,
    fetchLessons: (courseId) =>
      server.publicGet(`/v1/courses/${encodeURIComponent(courseId)}/lessons`, courseLessonsAnswerSchema),
    // Offline is the common case: the course shows the lessons kept from before.
    onError: (error) => log.child('lessons').debug('lessons not fetched', { error }),
  });
  // The server's change notices refresh what is on screen: reviews, and lessons of courses not held.
  const reviewsChanged = sync.remoteChanges$.subscribe((collections) => {
    if (collections.includes('reviews')) reviews.refreshShown();
    if (collections.includes('lessons')) lessons.refreshShown();
  });
  void reviews
    .clearReplicated()
    .catch((error: unknown) => log.child('reviews').warn('clearing replicated reviews failed', { error }));
  const authoring = createAuthoring({
    ...{ database, session, sync, server, dataDir, fetch, serverUrl, now, reviews },
    ...{ requireCreator: helpers.requireCreator, userId: helpers.userId },
    ...{ perAccount: helpers.perAccount, follow: helpers.follow },
  });
  const search = createCatalogSearch({
    ...{ db: database, downloads, dataDir },
    remote: (text, limit) =>
      server.publicGet(
        `/v1/search?${new URLSearchParams({ q: text, limit: String(limit) }).toString()}`,
        catalogSearchAnswerSchema,
      ),
  });
  const provisioning = createProvisioning({
    locations: options.provisioning?.locations ?? [],
    installerKeyPath: options.provisioning?.installerKeyPath,
    ...{ dataDir, db: database, settings, session, keys: serverKeys },
    join: (token) => server.call('/v1/organizations/join', { token }, joinResponseSchema),
  });
  const packs = createContentPacks({
    ...{ db: database, downloads, dataDir, serverUrl, keys: serverKeys, now },
    log: log.child('packs'),
    post: server.call,
  });
  // Imported lessons unlock once the learner may read them and the server is reachable.
  const packUnlock = sync.status$
    .pipe(
      filter((status) => status.online && !status.syncing && status.signedIn),
      map((status) => status.lastSyncedAt),
      distinctUntilChanged(),
    )
    .subscribe(
      () =>
        void packs
          .unlock()
          .catch((error: unknown) =>
            log.child('packs').warn('unlocking imported lessons after a sync failed', { error }),
          ),
    );
  // Sealed exam sittings are graded by the server once they have synced: fetch their results then.
  const exams = createExamSittings({
    db: database,
    downloads,
    now,
    fetchResults: async () => (await server.get('/v1/exams/results', examResultsResponseSchema)).results,
    onError: (what, error) => log.child('exams').warn(`${what} failed`, { error }),
  });
  const examResults = sync.status$
    .pipe(
      filter((status) => status.online && !status.syncing && status.signedIn && status.pendingChanges === 0),
      map((status) => status.lastSyncedAt),
      distinctUntilChanged(),
    )
    .subscribe(() => {
      const userId = helpers.userId();
      if (!userId) return;
      void exams
        .waitingForResults(userId)
        .then((waiting) => (waiting ? exams.refreshResults(userId) : false))
        .catch((error: unknown) => log.child('exams').warn('fetching exam results after a sync failed', { error }));
    });
  const recommender = deviceRecommender({
    database,
    dataDir,
    settings,
    workerEntry: options.recommendWorker,
    sync,
    fetch,
  });
  return {
    ...authoring,
    search,
    provisioning,
    packs,
    packUnlock,
    recommender,
    exams,
    examResults,
    reviews,
    lessons,
    reviewsChanged,
  };
}
