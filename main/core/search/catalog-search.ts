import type { Subscription } from 'rxjs';
import type { CourseDoc, LessonDoc } from '../../../common/collections/index.js';
import type { SearchResults } from '../../../common/contract/search.js';
import type { DownloadItem } from '../../../common/contract/downloads.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import { findLesson } from '../catalog/lesson-cache.js';
import type { DownloadManager } from '../downloads/download-manager.js';
import {
  openSearchIndex,
  type ChangeCheckpoint,
  type ChangeSource,
  type IndexedCourse,
  type IndexedLesson,
  type LessonMatch,
  type CourseMatch,
  type SearchIndex,
} from './search-index.js';
import type { CatalogSearchAnswer } from '../../../common/server-api/catalog-search.js';
import { highlightRanges, matchExpression, searchPieces, snippetAround } from '../../../common/search/search-terms.js';

export interface CatalogSearch {
  search(query: string, limit: number, withCourses?: boolean): Promise<SearchResults>;
  /** Resolves once the index has caught up with the database (tests, benchmarks). */
  ready: Promise<void>;
  close(): void;
}

const BATCH = 2_000;
/** How long a search waits for the server's answer before showing the device's alone. */
export const REMOTE_SEARCH_WAIT_MS = 1_500;
/** Downloaded text lessons above this size are indexed by their first part only. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const toIndexedCourse = (c: CourseDoc): IndexedCourse => ({
  id: c.id,
  title: c.title,
  subtitle: c.subtitle,
  description: c.description,
  tags: c.tags,
  categoryName: c.categoryName,
  creatorName: c.creatorName,
  status: c.status,
  updatedAt: c.updatedAt,
});
const toIndexedLesson = (l: LessonDoc): IndexedLesson => ({
  id: l.id,
  courseId: l.courseId,
  kind: l.kind,
  title: l.title,
  updatedAt: l.updatedAt,
});

/**
 * Keeps the FTS5 index in step with the synced catalog and with the text lessons
 * downloaded on this device, and answers searches with highlight ranges and, for matches
 * inside a lesson's text, a snippet. On start it indexes only what changed since the last
 * run (from its checkpoints in the collections' changes), in the background; afterwards every
 * write to the catalog collections updates the index in the same batch it arrived in.
 */
export function createCatalogSearch(deps: {
  db: ClientDatabase;
  downloads: DownloadManager;
  dataDir: string;
  /** The server's search of the whole catalogue (GET /v1/search); it fails or is slow offline. */
  remote?: (text: string, limit: number) => Promise<CatalogSearchAnswer>;
}): CatalogSearch {
  const index: SearchIndex = openSearchIndex(deps.dataDir);
  const subscriptions: Subscription[] = [];
  let closed = false;
  /** Kinds whose catch-up is over, and the newest live change seen of each kind before it was. */
  const caughtUp = new Set<ChangeSource>();
  const liveBeforeCaughtUp = new Map<ChangeSource, ChangeCheckpoint>();
  const later = (a: ChangeCheckpoint | undefined, b: ChangeCheckpoint) =>
    !a || b.lwt > a.lwt || (b.lwt === a.lwt && b.id > a.id) ? b : a;

  async function lessonText(lessonId: string, bytes: number): Promise<string | null> {
    try {
      const buffer = await deps.downloads.read(lessonId, 0, Math.min(bytes, MAX_BODY_BYTES) - 1);
      return buffer.toString('utf8');
    } catch {
      return null;
    }
  }

  async function indexBodies(items: DownloadItem[]): Promise<void> {
    for (const item of items) {
      if (closed) return;
      // A free preview of a course not held is a shown lesson: indexed with its body, title and all.
      const lesson = await findLesson(deps.db, item.lessonId);
      if (lesson?.kind !== 'text' || item.bytes === 0) continue;
      const text = await lessonText(lesson.id, item.bytes);
      if (text !== null && !closed) index.upsertLessons([{ lesson: toIndexedLesson(lesson), body: text }]);
    }
  }

  /**
   * Indexes what changed while the app was closed: the collections' changes since the index's
   * checkpoints (their storage's (lwt, id) order, deletions included), a batch at a time, each
   * batch and its checkpoint in one transaction. A start with nothing changed reads nothing; a
   * fresh index starts from the beginning. Never paged by skip/limit.
   */
  async function catchUp(): Promise<void> {
    const token = await deps.db.storageToken;
    if (closed) return;
    index.belongTo(token);
    for (const [kind, collection] of [
      ['course', deps.db.courses],
      ['lesson', deps.db.lessons],
      ['shownlesson', deps.db.shownlessons],
    ] as const) {
      let checkpoint = index.checkpoint(kind);
      const storage = collection.storageInstance;
      if (!storage.getChangedDocumentsSince) throw new Error('The catalog storage cannot list its changes.');
      for (;;) {
        if (closed) return;
        const batch = await storage.getChangedDocumentsSince(BATCH, checkpoint);
        if (closed) return;
        const kept = batch.documents.filter((doc) => !doc._deleted);
        const removed = await removable(
          kind,
          batch.documents.filter((doc) => doc._deleted).map((doc) => doc.id),
        );
        if (closed) return;
        index.applyChanges(kind, {
          upserted:
            kind === 'course'
              ? (kept as unknown as CourseDoc[]).map(toIndexedCourse)
              : (kept as unknown as LessonDoc[]).map(toIndexedLesson),
          removed,
          checkpoint: batch.checkpoint as ChangeCheckpoint,
        });
        checkpoint = batch.checkpoint as ChangeCheckpoint;
        if (batch.documents.length < BATCH) break;
      }
      // A change seen live during the catch-up is indexed already; anything after the catch-up's
      // last read was written while the subscription listened, so the newer of the two is safe.
      const live = liveBeforeCaughtUp.get(kind);
      if (live && later(checkpoint, live) === live)
        index.applyChanges(kind, { upserted: [], removed: [], checkpoint: live });
      caughtUp.add(kind);
    }
  }

  /**
   * Each live batch moves the checkpoint on to its newest change, in the storage's order (write
   * time, then id); during the kind's catch-up it is kept for the catch-up's end.
   */
  function liveCheckpoint(
    kind: ChangeSource,
    events: readonly { documentId: string; documentData?: { _meta?: { lwt?: number } } }[],
  ) {
    let newest: ChangeCheckpoint | undefined;
    for (const event of events) {
      const lwt = event.documentData?._meta?.lwt;
      if (typeof lwt === 'number') newest = later(newest, { lwt, id: event.documentId });
    }
    if (!newest) return;
    if (caughtUp.has(kind)) index.applyChanges(kind, { upserted: [], removed: [], checkpoint: newest });
    else liveBeforeCaughtUp.set(kind, later(liveBeforeCaughtUp.get(kind), newest));
  }

  /**
   * The ids of removed lessons the index may drop: a lesson is in both collections while a
   * course shown here becomes held (or the other way), and stays findable while either has it.
   */
  async function removable(kind: ChangeSource, ids: string[]): Promise<string[]> {
    if (kind === 'course' || ids.length === 0) return ids;
    const other = kind === 'lesson' ? deps.db.shownlessons : deps.db.lessons;
    const kept = await other.findByIds(ids).exec();
    return ids.filter((id) => !kept.has(id));
  }

  /** Every write to one lesson collection updates the index in the same batch; removals once checked. */
  function followLessons(kind: 'lesson' | 'shownlesson', collection: ClientDatabase['lessons' | 'shownlessons']) {
    return collection.eventBulks$.subscribe((bulk) => {
      if (closed) return;
      const events = bulk.events;
      index.upsertLessons(
        events
          .filter((e) => e.operation !== 'DELETE')
          .map((e) => ({ lesson: toIndexedLesson(e.documentData as LessonDoc) })),
      );
      const deleted = events.filter((e) => e.operation === 'DELETE').map((e) => e.documentId);
      if (deleted.length > 0)
        void removable(kind, deleted).then((ids) => {
          if (!closed) index.remove('lesson', ids);
        });
      liveCheckpoint(kind, events);
    });
  }

  const ready = catchUp().then(() => {
    if (closed) return;
    // Bodies of text lessons downloaded now or earlier; a removed download drops its body.
    let indexedBodies = new Set<string>();
    subscriptions.push(
      deps.downloads.view$.subscribe((view) => {
        const complete = view.items.filter((item) => item.status === 'complete');
        const now = new Set(complete.map((item) => item.lessonId));
        for (const lessonId of indexedBodies) if (!now.has(lessonId) && !closed) index.setLessonBody(lessonId, null);
        void indexBodies(complete.filter((item) => !indexedBodies.has(item.lessonId)));
        indexedBodies = now;
      }),
    );
  });

  subscriptions.push(
    deps.db.courses.eventBulks$.subscribe((bulk) => {
      if (closed) return;
      const events = bulk.events;
      index.upsertCourses(
        events.filter((e) => e.operation !== 'DELETE').map((e) => toIndexedCourse(e.documentData as CourseDoc)),
      );
      index.remove(
        'course',
        events.filter((e) => e.operation === 'DELETE').map((e) => e.documentId),
      );
      liveCheckpoint('course', events);
    }),
    followLessons('lesson', deps.db.lessons),
    followLessons('shownlesson', deps.db.shownlessons),
  );

  return {
    ready,
    async search(query, limit, withCourses = false) {
      const started = performance.now();
      const remote = deps.remote && matchExpression(query) ? askServer(deps.remote, query, limit) : null;
      const found = mergeMatches(index.search(query, limit), await remote, limit);
      const courseDocs = withCourses
        ? await deps.db.courses.findByIds(found.courses.map((hit) => hit.courseId)).exec()
        : new Map<string, { toJSON(): unknown }>();
      const pieces = searchPieces(query);
      const titleHas = (title: { zh: string; en: string }) =>
        pieces.every((p) => `${title.zh} ${title.en}`.toLowerCase().normalize('NFKC').includes(p.text));
      const lessons = await Promise.all(
        found.lessons.map(async (hit, rank) => {
          const base = {
            ...hit,
            titleHighlights: { zh: highlightRanges(hit.title.zh, query), en: highlightRanges(hit.title.en, query) },
          };
          // A match in the body of a downloaded lesson shows where: decrypt just the top few.
          if (!hit.hasBody || titleHas(hit.title) || rank >= 8) return { ...base, snippet: null };
          const lesson = await findLesson(deps.db, hit.lessonId);
          const text = lesson ? await lessonText(hit.lessonId, lesson.contentBytes) : null;
          return { ...base, snippet: text ? snippetAround(text, query) : null };
        }),
      );
      return {
        query,
        courses: found.courses.map((hit) => ({
          ...hit,
          ...(courseDocs.has(hit.courseId) ? { course: courseDocs.get(hit.courseId)!.toJSON() as CourseDoc } : {}),
          titleHighlights: { zh: highlightRanges(hit.title.zh, query), en: highlightRanges(hit.title.en, query) },
          subtitleHighlights: {
            zh: highlightRanges(hit.subtitle.zh, query),
            en: highlightRanges(hit.subtitle.en, query),
          },
        })),
        lessons,
        tookMs: Math.round((performance.now() - started) * 100) / 100,
      };
    },
    close() {
      closed = true;
      for (const subscription of subscriptions) subscription.unsubscribe();
      index.close();
    },
  };
}

/** The server's answer, or null when it fails or takes longer than a typing user waits. */
async function askServer(
  remote: (text: string, limit: number) => Promise<CatalogSearchAnswer>,
  query: string,
  limit: number,
): Promise<CatalogSearchAnswer | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), REMOTE_SEARCH_WAIT_MS)));
  try {
    // Silence is right: a failed server search (offline, the server down) is the ordinary case
    // this fallback exists for; the device's index answers, and sync status already shows offline.
    return await Promise.race([remote(query, limit).catch(() => null), waited]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The device's matches first (what the learner holds, with the text of downloaded lessons),
 * then the server's that the device does not have: lessons of courses not held, and courses
 * not synced yet. Offline, or when the server is slow, the device's alone.
 */
export function mergeMatches(
  local: { courses: CourseMatch[]; lessons: LessonMatch[] },
  remote: CatalogSearchAnswer | null,
  limit: number,
): { courses: CourseMatch[]; lessons: LessonMatch[] } {
  if (!remote) return local;
  const courseIds = new Set(local.courses.map((hit) => hit.courseId));
  const lessonIds = new Set(local.lessons.map((hit) => hit.lessonId));
  return {
    courses: [...local.courses, ...remote.courses.filter((hit) => !courseIds.has(hit.courseId))].slice(0, limit),
    lessons: [
      ...local.lessons,
      ...remote.lessons.filter((hit) => !lessonIds.has(hit.lessonId)).map((hit) => ({ ...hit, hasBody: false })),
    ].slice(0, limit),
  };
}
