import { mergeRanges } from '../../../common/learning/seen-ranges.js';
import { deepEqual, type RxConflictHandler, type WithDeleted } from 'rxdb';
import { mergeDrafts } from '../../../common/authoring/draft-merge.js';
import type {
  CourseDraftDoc,
  ExamSittingDoc,
  NoteDoc,
  ProgressDoc,
  RatingDoc,
} from '../../../common/collections/index.js';

/**
 * How each collection resolves a conflict (the server's state differs from what the
 * device assumed). Catalog, entitlements, orders, reviews, rating signals and exercise attempts
 * keep RxDB's default: the server's state wins.
 */

/** Progress merges: the furthest position and the union of completed lessons, nothing moves back. */
export const progressConflictHandler: RxConflictHandler<ProgressDoc> = {
  isEqual: (a, b) => deepEqual(a, b),
  async resolve({ realMasterState: master, newDocumentState: local }) {
    const byLesson = new Map<string, ProgressDoc['lessons'][number]>();
    for (const entry of [...master.lessons, ...local.lessons]) {
      const seen = byLesson.get(entry.lessonId);
      if (!seen) {
        byLesson.set(entry.lessonId, entry);
        continue;
      }
      const newer = entry.updatedAt >= seen.updatedAt ? entry : seen;
      const ranges = mergeRanges(entry.seen, seen.seen);
      const marked = newer.markedComplete;
      byLesson.set(entry.lessonId, {
        lessonId: entry.lessonId,
        positionSeconds: newer.positionSeconds,
        furthestSeconds: Math.max(entry.furthestSeconds, seen.furthestSeconds),
        completed: entry.completed || seen.completed,
        updatedAt: Math.max(entry.updatedAt, seen.updatedAt),
        // What either device saw was seen.
        ...(ranges.length > 0 ? { seen: ranges } : {}),
        ...(marked ? { markedComplete: marked } : {}),
      });
    }
    const newer = local.updatedAt >= master.updatedAt ? local : master;
    const merged: WithDeleted<ProgressDoc> = {
      ...newer,
      lessons: [...byLesson.values()].sort((a, b) => (a.lessonId < b.lessonId ? -1 : 1)),
      completion: Math.max(master.completion, local.completion),
      updatedAt: Math.max(master.updatedAt, local.updatedAt),
      _deleted: master._deleted && local._deleted,
    };
    if (newer.lastLessonId !== undefined) merged.lastLessonId = newer.lastLessonId;
    return merged;
  },
};

/** Ratings: the later one wins (the server's on a tie). */
export const ratingConflictHandler: RxConflictHandler<RatingDoc> = {
  isEqual: (a, b) => deepEqual(a, b),
  resolve: async ({ realMasterState: master, newDocumentState: local }) =>
    local.updatedAt > master.updatedAt ? local : master,
};

/**
 * An exam sitting sealed on either side stays sealed, with the answers it was sealed with: the
 * server's seal first (it refuses to change a sealed sitting), else this device's — a learner's
 * submission is never undone by answers another device saved meanwhile. Two open versions: the
 * later one wins (the server's on a tie).
 */
export const examSittingConflictHandler: RxConflictHandler<ExamSittingDoc> = {
  isEqual: (a, b) => deepEqual(a, b),
  async resolve({ realMasterState: master, newDocumentState: local }) {
    if (master.status === 'submitted') return master;
    if (local.status === 'submitted') return local;
    return local.updatedAt > master.updatedAt ? local : master;
  },
};

/**
 * Notes are never lost: when both sides changed a note, the server's version stays and the
 * device's version is kept beside it as a copy (`conflictOf` names the original). A note
 * deleted on one side and edited on the other comes back with the edit.
 */
export function noteConflictHandler(saveCopy: (copy: WithDeleted<NoteDoc>) => void): RxConflictHandler<NoteDoc> {
  return {
    isEqual: (a, b) => deepEqual(a, b),
    async resolve({ realMasterState: master, newDocumentState: local }) {
      if (master._deleted && !local._deleted) return local;
      if (local._deleted) return master;
      if (master.body === local.body && deepEqual(master.anchor, local.anchor))
        return master.updatedAt >= local.updatedAt ? master : local;
      saveCopy({ ...local, id: `${local.id}~${local.updatedAt.toString(36)}`, conflictOf: local.id, _deleted: false });
      return master;
    },
  };
}

/**
 * Course drafts merge field by field against the version both devices started from: an
 * edit made on only one side wins; text changed on both keeps this device's version and
 * records the other as a conflict the creator resolves in the editor.
 */
export function draftConflictHandler(now: () => number): RxConflictHandler<CourseDraftDoc> {
  return {
    isEqual: (a, b) => deepEqual(a, b),
    async resolve({ assumedMasterState, realMasterState: master, newDocumentState: local }) {
      if (master._deleted || local._deleted) return master._deleted && !local._deleted ? local : master;
      const merged = mergeDrafts(assumedMasterState ?? undefined, master, local, now());
      return { ...merged, _deleted: false };
    },
  };
}
