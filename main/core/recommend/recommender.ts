import { join } from 'node:path';
import {
  BehaviorSubject,
  combineLatest,
  debounceTime,
  filter,
  from,
  map,
  shareReplay,
  switchMap,
  type Observable,
  type Subscription,
} from 'rxjs';
import type { CourseDoc, EntitlementDoc, ProgressDoc, RatingDoc } from '../../../common/collections/index.js';
import type {
  CourseRecommendations,
  Recommendation,
  RecommenderStatus,
} from '../../../common/contract/recommendations.js';
import { contentVectors, cosineOf, type ContentVector } from '../../../common/recommend/content-similarity.js';
import type { OwnCourse } from '../../../common/recommend/engine.js';
import type { Settings } from '../../../common/settings.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import { createRecommenderWorker } from './recommender-worker.js';
import { keepSnapshots } from './snapshot-keeper.js';

const SUGGESTIONS = 6;
const json = <T>(docs: { toJSON(): unknown }[]) => docs.map((doc) => doc.toJSON() as T);

export interface RecommenderOptions {
  db: ClientDatabase;
  dataDir: string;
  settings: { get(): Settings; onChange(listener: (settings: Settings) => void): () => void };
  /** GET the server's snapshot: 200 with bytes and ETag, 304 when `etag` is still current, null when unreachable. */
  fetchSnapshot(
    etag: string | undefined,
  ): Promise<{ status: 200; body: Uint8Array; etag: string } | { status: 304 } | null>;
  /** Emits when the device has caught up with the server: the moment to look for a new snapshot. */
  synced$: Observable<unknown>;
  workerEntry?: URL;
}

interface Model {
  known: ReadonlySet<string>;
}

/**
 * Recommendations on the device. The server's protected snapshot (item-level aggregates) is
 * fetched after syncs, kept in the data folder for offline use, and built into a model in a
 * worker thread; requests combine it with the learner's own history from the local database,
 * which is never sent anywhere. Without a model, without history, or with personalisation off,
 * suggestions are popular, well-rated courses of the learner's interests; new courses nobody has
 * taken yet are found by their content.
 */
export function createRecommender(options: RecommenderOptions) {
  const { db } = options;
  const worker = createRecommenderWorker(options.workerEntry);
  const model$ = new BehaviorSubject<Model | null>(null);
  const status$ = new BehaviorSubject<RecommenderStatus>({
    state: 'no-data',
    courses: 0,
    snapshotBuiltAt: null,
    personalized: options.settings.get().personalizedRecommendations,
  });
  const personalized$ = new BehaviorSubject(options.settings.get().personalizedRecommendations);
  const interests$ = new BehaviorSubject(options.settings.get().interests);
  const stopSettings = options.settings.onChange((settings) => {
    if (settings.personalizedRecommendations !== personalized$.value)
      personalized$.next(settings.personalizedRecommendations);
    if (JSON.stringify(settings.interests) !== JSON.stringify(interests$.value)) interests$.next(settings.interests);
    if (status$.value.personalized !== settings.personalizedRecommendations)
      status$.next({ ...status$.value, personalized: settings.personalizedRecommendations });
  });

  const snapshots = keepSnapshots({
    folder: join(options.dataDir, 'recommend'),
    worker,
    workerEntry: options.workerEntry,
    fetchSnapshot: (etag) => options.fetchSnapshot(etag),
    hasModel: () => model$.value !== null,
    onStatus: (change) => status$.next({ ...status$.value, ...change }),
    onModel: (known, ready) => {
      model$.next({ known });
      status$.next({ ...status$.value, ...ready });
    },
  });
  const syncSubscription: Subscription = options.synced$
    .pipe(debounceTime(500))
    .subscribe(() => void snapshots.refresh());

  /** What the learner has: bought, studied or rated (with their stars). */
  function history$(userId: string | undefined): Observable<{ own: OwnCourse[] }> {
    const selector = { selector: { userId: userId ?? '' } };
    return combineLatest([
      db.entitlements.find(selector).$,
      db.progress.find(selector).$,
      db.ratings.find(selector).$,
    ]).pipe(
      map(([entitlements, progress, ratings]) => {
        const byCourse = new Map<string, OwnCourse>();
        for (const e of json<EntitlementDoc>(entitlements)) {
          if (e.revokedAt !== undefined) continue;
          byCourse.set(e.courseId, { courseId: e.courseId });
        }
        for (const p of json<ProgressDoc>(progress))
          byCourse.set(p.courseId, byCourse.get(p.courseId) ?? { courseId: p.courseId });
        for (const r of json<RatingDoc>(ratings)) byCourse.set(r.courseId, { courseId: r.courseId, stars: r.stars });
        return { own: [...byCourse.values()] };
      }),
    );
  }

  // One list per catalogue change, shared by every view (so content vectors are built once for it).
  const published$ = db.courses.find({ selector: { status: 'published' } }).$.pipe(
    map((docs) => json<CourseDoc>(docs)),
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  // Content vectors are rebuilt only when the catalogue changes, not on every suggestion request.
  let vectorCache: { courses: CourseDoc[]; vectors: Map<string, ContentVector> } | undefined;
  const vectorsOf = (courses: CourseDoc[]) => {
    if (vectorCache?.courses !== courses) {
      vectorCache = {
        courses,
        vectors: contentVectors(
          courses.map((c) => ({
            id: c.id,
            texts: [
              c.title.zh,
              c.title.en,
              c.subtitle.zh,
              c.subtitle.en,
              c.categoryName.zh,
              c.categoryName.en,
              ...c.tags,
            ],
          })),
        ),
      };
    }
    return vectorCache.vectors;
  };

  /** "Recommended for you": the model's suggestions, new courses like the learner's, then popular ones of their interests. */
  function forYou$(userId: string | undefined): Observable<Recommendation[]> {
    return combineLatest([history$(userId), published$, model$, personalized$, interests$]).pipe(
      debounceTime(50),
      switchMap(([history, courses, model, personalized, interests]) =>
        from(
          (async (): Promise<Recommendation[]> => {
            const byId = new Map(courses.map((c) => [c.id, c]));
            const seen = new Set(history.own.map((o) => o.courseId));
            const out: Recommendation[] = [];
            const add = (recommendation: Recommendation) => {
              if (out.length >= SUGGESTIONS || seen.has(recommendation.course.id)) return;
              seen.add(recommendation.course.id);
              out.push(recommendation);
            };
            const personal = personalized && history.own.length > 0;
            if (personal && model) {
              const suggestions = await worker
                .request('forYou', { own: history.own, count: SUGGESTIONS * 2, exclude: [...seen] })
                .catch(() => []);
              for (const s of suggestions) {
                const course = byId.get(s.courseId);
                const because = s.becauseOf === undefined ? undefined : byId.get(s.becauseOf);
                if (course)
                  add({
                    course,
                    reason: because
                      ? { kind: 'studied', course: { id: because.id, title: because.title } }
                      : { kind: 'well-rated' },
                  });
              }
            }
            if (personal) {
              // Courses the model cannot know yet (too new to have learners) are found by content.
              const vectors = vectorsOf(courses);
              const fresh = courses.filter((c) => !seen.has(c.id) && !(model?.known.has(c.id) ?? false));
              const scored = fresh
                .map((course) => {
                  let best: { score: number; because?: CourseDoc } = { score: 0 };
                  for (const o of history.own) {
                    const score = cosineOf(vectors.get(course.id), vectors.get(o.courseId));
                    if (score > best.score) best = { score, because: byId.get(o.courseId) };
                  }
                  return { course, ...best };
                })
                .filter((s) => s.score >= 0.1 && s.because)
                .sort((a, b) => b.score - a.score)
                .slice(0, 2);
              for (const s of scored)
                add({
                  course: s.course,
                  reason: { kind: 'similar-content', course: { id: s.because!.id, title: s.because!.title } },
                });
            }
            for (const r of popularFor(courses, interests, personal ? categoriesOf(history.own, byId) : new Set()))
              add(r);
            return out;
          })(),
        ),
      ),
    );
  }

  /** The course page: "learners who took this also took", and the learner's predicted stars. */
  function course$(userId: string | undefined, courseId: string): Observable<CourseRecommendations> {
    return combineLatest([history$(userId), published$, model$, personalized$]).pipe(
      debounceTime(50),
      switchMap(([history, courses, model, personalized]) =>
        from(
          (async (): Promise<CourseRecommendations> => {
            const byId = new Map(courses.map((c) => [c.id, c]));
            const alsoTook: CourseRecommendations['alsoTook'] = [];
            const self = byId.get(courseId);
            if (model?.known.has(courseId)) {
              const found = await worker
                .request('alsoTook', { courseId, count: 8, exclude: history.own.map((o) => o.courseId) })
                .catch(() => []);
              for (const f of found) {
                const course = byId.get(f.courseId);
                if (course && self)
                  alsoTook.push({
                    course,
                    together: f.together,
                    reason: { kind: 'taken-together', course: { id: self.id, title: self.title } },
                  });
              }
            }
            if (alsoTook.length < 4 && self) {
              const vectors = vectorsOf(courses);
              const taken = new Set([
                courseId,
                ...alsoTook.map((a) => a.course.id),
                ...history.own.map((o) => o.courseId),
              ]);
              courses
                .filter((c) => !taken.has(c.id))
                .map((course) => ({ course, score: cosineOf(vectors.get(course.id), vectors.get(courseId)) }))
                .filter((s) => s.score >= 0.1)
                .sort((a, b) => b.score - a.score)
                .slice(0, 4 - alsoTook.length)
                .forEach((s) =>
                  alsoTook.push({
                    course: s.course,
                    reason: { kind: 'similar-content', course: { id: self.id, title: self.title } },
                  }),
                );
            }
            let predictedStars: number | null = null;
            if (personalized && model && !history.own.some((o) => o.courseId === courseId && o.stars !== undefined)) {
              [predictedStars = null] = await worker
                .request('predictStars', { own: history.own, courseIds: [courseId] })
                .catch(() => [null]);
            }
            return { alsoTook, predictedStars };
          })(),
        ),
      ),
    );
  }

  return {
    status$: status$.asObservable(),
    forYou$,
    course$,
    refresh: snapshots.refresh,
    /** Resolves once a model is ready (tests and benchmarks). */
    ready: () => new Promise<void>((resolve) => model$.pipe(filter(Boolean)).subscribe({ next: () => resolve() })),
    async close() {
      syncSubscription.unsubscribe();
      stopSettings();
      snapshots.stop();
      await worker.close();
    },
  };
}

export type Recommender = ReturnType<typeof createRecommender>;

function categoriesOf(own: readonly OwnCourse[], byId: ReadonlyMap<string, CourseDoc>): Set<string> {
  return new Set(own.map((o) => byId.get(o.courseId)?.categoryId).filter((c): c is string => c !== undefined));
}

/**
 * Cold start: popular, well-rated courses, those of the learner's picked categories and
 * languages (or of the categories they studied) first. Ratings are shrunk towards the
 * catalogue's mean (a Bayesian average) so that one five-star review does not top the list.
 */
export function popularFor(
  courses: readonly CourseDoc[],
  interests: Settings['interests'],
  studied: ReadonlySet<string>,
): Recommendation[] {
  const rated = courses.filter((c) => c.ratingCount > 0);
  const mean =
    rated.length > 0
      ? rated.reduce((sum, c) => sum + c.ratingAverage * c.ratingCount, 0) /
        Math.max(
          1,
          rated.reduce((sum, c) => sum + c.ratingCount, 0),
        )
      : 0;
  const prior = 5;
  const quality = (c: CourseDoc) =>
    ((c.ratingAverage * c.ratingCount + mean * prior) / (c.ratingCount + prior)) * Math.log1p(c.ratingCount);
  const categories = new Set([...interests.categories, ...studied]);
  const languages = new Set<string>(interests.languages);
  const fits = (c: CourseDoc) =>
    (categories.size === 0 || categories.has(c.categoryId) ? 1 : 0) +
    (languages.size === 0 || languages.has(c.language) ? 1 : 0);
  return [...courses]
    .sort(
      (a, b) =>
        fits(b) - fits(a) || quality(b) - quality(a) || b.publishedAt - a.publishedAt || a.id.localeCompare(b.id),
    )
    .map((course): Recommendation => ({
      course,
      reason:
        course.ratingCount === 0
          ? { kind: 'new-course' }
          : categories.has(course.categoryId)
            ? { kind: 'popular-in-category', category: course.categoryName }
            : { kind: 'well-rated' },
    }));
}
