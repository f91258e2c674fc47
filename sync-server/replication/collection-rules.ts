import { heldThroughMembership } from '../payments/membership-access.js';
import { z } from 'zod';
import type { CourseDoc } from '../../common/collections/index.js';
import { answerSchema } from '../../common/exercises/questions.js';
import type { AccessClaims } from '../accounts/tokens.js';
import type { SqlClient } from '../sql/sql-database.js';
import { entitlementId, type Doc, type Placement } from './document-types.js';
import { collectionPolicy, PolicyGapError } from '../policy/authorization-policy.js';

export type ReplicatedCollection =
  | 'courses'
  | 'lessons'
  | 'entitlements'
  | 'orders'
  | 'ratings'
  | 'reviews'
  | 'progress'
  | 'notes'
  | 'attempts'
  | 'examsittings'
  | 'coursedrafts'
  | 'humans';

export type { Doc, Placement } from './document-types.js';

const sameApartFromUpdatedAt = (a: Doc, b: Doc) => {
  const { updatedAt: _was, ...before } = a;
  const { updatedAt: _now, ...after } = b;
  return JSON.stringify(before) === JSON.stringify(after);
};

/** Whether the learner holds the course: an entitlement to it, or a membership that opens it now. */
async function holdsCourse(tx: SqlClient, userId: string, courseId: string): Promise<boolean> {
  const entitlement = await storedDoc(tx, 'entitlements', entitlementId(userId, courseId));
  if (entitlement && entitlement.data.revokedAt === undefined) return true;
  return heldThroughMembership(tx, userId, courseId, Date.now());
}

/** A lesson `caller` may open — a free preview, a free course, or a course they hold — or why not. */
export async function lessonTheLearnerMayOpen(
  caller: AccessClaims,
  next: Doc,
  tx: SqlClient,
): Promise<{ refused: string } | { lesson: Doc }> {
  const lesson = await storedDoc(tx, 'lessons', String(next.lessonId));
  if (!lesson?.isPublic || lesson.data.courseId !== next.courseId) return { refused: 'no such lesson in this course' };
  const course = await storedDoc(tx, 'courses', String(next.courseId));
  if (!course?.isPublic) return { refused: 'no such course' };
  if (lesson.data.freePreview !== true && (course.data as unknown as CourseDoc).priceAmount > 0) {
    if (!(await holdsCourse(tx, caller.userId, String(next.courseId))))
      return { refused: 'practise a course once you own it' };
  }
  return { lesson: lesson.data };
}

const sittingAnswersSchema = z.record(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/), answerSchema);

/**
 * An exam sitting: the learner's own, of an exam paper the server published, answered while
 * open and sealed once submitted — a submitted sitting never changes (an identical retry is
 * fine), is never deleted, and keeps where and when it started.
 */
async function authorizeSittingWrite(
  caller: AccessClaims,
  next: Doc,
  current: StoredDoc | undefined,
  tx: SqlClient,
): Promise<{ refused: string } | { placement: Placement }> {
  if (next.userId !== caller.userId) return { refused: 'userId must be your own' };
  if (next._deleted) return { refused: 'a sitting is never deleted' };
  if (current) {
    if (current.ownerId !== caller.userId) return { refused: 'this document belongs to someone else' };
    const was = current.data;
    if (was.status === 'submitted' && !sameApartFromUpdatedAt(was, next))
      return { refused: 'a submitted sitting is sealed' };
    for (const field of ['courseId', 'lessonId', 'paperSha256', 'startedAt'])
      if (was[field] !== next[field]) return { refused: 'a sitting keeps where and when it started' };
  }
  if ((next.status === 'open') !== (next.submittedAt === 0))
    return { refused: 'a sitting has a submission time exactly when it is submitted' };
  if (!sittingAnswersSchema.safeParse(next.answers).success || Object.keys(next.answers as object).length > 200)
    return { refused: 'answers must be answers to questions' };
  const opened = await lessonTheLearnerMayOpen(caller, next, tx);
  if ('refused' in opened) return opened;
  if (opened.lesson.kind !== 'exam') return { refused: 'this lesson is not an exam' };
  const paper = await tx.get('SELECT 1 AS found FROM exam_keys WHERE lesson_id = ? AND paper_sha256 = ?', [
    String(next.lessonId),
    String(next.paperSha256),
  ]);
  if (!paper) return { refused: 'no such paper of this exam' };
  return { placement: { ownerId: caller.userId, isPublic: false } };
}

export interface CollectionRule {
  /** Exists only when the server is started with ZHIKU_TEST_COLLECTIONS naming it (RxDB's replication test suite). */
  testOnly?: boolean;
  /** The document's primary key field; `id` unless said otherwise. */
  primaryKey?: string;
  /** public: everyone reads everything; owner: only the owner; catalog: public rows to all, drafts to their owner. */
  readers: 'public' | 'owner' | 'catalog';
  /** Returns why `caller` may not write `next` (over `current`), or null when allowed, and where it goes. */
  authorizeWrite?: (
    caller: AccessClaims,
    next: Doc,
    current: StoredDoc | undefined,
    tx: SqlClient,
  ) => Promise<{ refused: string } | { placement: Placement }>;
}

export interface StoredDoc {
  data: Doc;
  ownerId: string | null;
  isPublic: boolean;
}

async function storedDoc(tx: SqlClient, collection: ReplicatedCollection, id: string): Promise<StoredDoc | undefined> {
  const row = await tx.get<{ data: string; owner_id: string | null; is_public: number | boolean }>(
    'SELECT data, owner_id, is_public FROM documents WHERE collection = ? AND id = ?',
    [collection, id],
  );
  return row
    ? { data: JSON.parse(row.data) as Doc, ownerId: row.owner_id, isPublic: Boolean(row.is_public) }
    : undefined;
}

const isCreator = (caller: AccessClaims) => caller.role === 'creator' || caller.role === 'admin';

/** Documents a learner writes about themselves: their user id is in the document, and an id of `<userId>:<courseId>` where one per course is meant. */
function ownedByWriter(options: { perCourseId: boolean }): CollectionRule {
  return {
    readers: 'owner',
    async authorizeWrite(caller, next, current) {
      if (next.userId !== caller.userId) return { refused: 'userId must be your own' };
      if (current && current.ownerId !== caller.userId) return { refused: 'this document belongs to someone else' };
      if (options.perCourseId && next.id !== `${caller.userId}:${String(next.courseId)}`)
        return { refused: 'id must be <userId>:<courseId>' };
      return { placement: { ownerId: caller.userId, isPublic: false } };
    },
  };
}

/**
 * Who may read and write each replicated collection (ARCHITECTURE.md, "Data"). Collections
 * without `authorizeWrite` are written only by the server itself.
 */
export const COLLECTION_RULES: Record<ReplicatedCollection, CollectionRule> = {
  // Published courses and lessons are derived by the server from a creator's draft (publish-service.ts),
  // never accepted from a device: ids, ownership, prices and rating figures are the server's.
  courses: { readers: 'catalog' },
  lessons: { readers: 'catalog' },
  entitlements: { readers: 'owner' },
  orders: { readers: 'owner' },
  ratings: {
    readers: 'owner',
    async authorizeWrite(caller, next, current, tx) {
      const owned = await ownedByWriter({ perCourseId: true }).authorizeWrite!(caller, next, current, tx);
      if ('refused' in owned) return owned;
      // Only learners who have the course (or a free one) rate it, so ratings mean something.
      const course = await storedDoc(tx, 'courses', String(next.courseId));
      if (!course?.isPublic) return { refused: 'no such course' };
      if ((course.data as unknown as CourseDoc).priceAmount === 0) return owned;
      if (!(await holdsCourse(tx, caller.userId, String(next.courseId))))
        return { refused: 'rate a course once you own it' };
      return owned;
    },
  },
  progress: ownedByWriter({ perCourseId: true }),
  notes: ownedByWriter({ perCourseId: false }),
  attempts: {
    readers: 'owner',
    async authorizeWrite(caller, next, current, tx) {
      if (next.userId !== caller.userId) return { refused: 'userId must be your own' };
      // Append-only: an answer, once given, is never changed or taken back (an identical retry is fine).
      if (current) {
        if (current.ownerId !== caller.userId) return { refused: 'this document belongs to someone else' };
        if (!sameApartFromUpdatedAt(current.data, next)) return { refused: 'an answer is never changed' };
      }
      if (next._deleted) return { refused: 'an answer is never deleted' };
      const opened = await lessonTheLearnerMayOpen(caller, next, tx);
      return 'refused' in opened ? opened : { placement: { ownerId: caller.userId, isPublic: false } };
    },
  },
  examsittings: { readers: 'owner', authorizeWrite: authorizeSittingWrite },
  reviews: { readers: 'public' },
  // A creator's drafts: on their own devices only, never on a learner's.
  coursedrafts: {
    readers: 'owner',
    async authorizeWrite(caller, next, current, tx) {
      if (!isCreator(caller)) return { refused: 'only creators write course drafts' };
      if (next.creatorId !== caller.userId) return { refused: 'creatorId must be your own' };
      if (current && current.ownerId !== caller.userId) return { refused: 'this draft belongs to someone else' };
      // A draft may not take the id of another creator's published course (its uploads would bind to that course).
      const published = await storedDoc(tx, 'courses', String(next.id));
      if (published && published.ownerId !== caller.userId)
        return { refused: 'a course with this id belongs to another creator' };
      return { placement: { ownerId: caller.userId, isPublic: false } };
    },
  },
  // RxDB's own replication test suite runs its "humans" against our endpoints: anyone signed in may write.
  humans: {
    readers: 'public',
    testOnly: true,
    primaryKey: 'passportId',
    authorizeWrite: async () => ({ placement: { ownerId: null, isPublic: true } }),
  },
};

/**
 * The rules above implement the authorization policy's collection entries; they must agree
 * (checked when the server loads): a client write exists exactly where the policy grants one,
 * and anonymous reads exactly where it lets anyone read.
 */
for (const [name, rule] of Object.entries(COLLECTION_RULES)) {
  const policy = collectionPolicy(name);
  const anonymousReads = policy.read.grants.some((grant) => grant.role === 'anonymous');
  if (
    (rule.authorizeWrite !== undefined) !== policy.write.grants.length > 0 ||
    (rule.readers !== 'owner') !== anonymousReads
  ) {
    throw new PolicyGapError(`The replication rule of ${name} departs from the authorization policy.`);
  }
}

export function documentIdOf(collection: ReplicatedCollection, doc: Doc): string {
  return String(doc[COLLECTION_RULES[collection].primaryKey ?? 'id']);
}

export function isReplicatedCollection(name: string): name is ReplicatedCollection {
  return Object.hasOwn(COLLECTION_RULES, name);
}

export { storedDoc };
