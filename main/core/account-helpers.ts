import { switchMap, type Observable } from 'rxjs';
import type { LessonDoc } from '../../common/collections/index.js';
import { AppError } from '../../common/errors.js';
import { membershipsOpening } from './payments/membership-holdings.js';
import type { ClientDatabase } from './database/open-client-database.js';
import type { SessionManager } from './session/session-manager.js';
import { findLesson } from './catalog/lesson-cache.js';

/** Who is signed in, what they hold on this device, and live queries that follow the account. */
export function accountHelpers(
  session: SessionManager,
  database: ClientDatabase,
  clock: { now: () => number; graceMs: () => number },
) {
  const userId = () => session.current()?.user.id;
  function requireUser(): string {
    const id = userId();
    if (!id) throw new AppError('SIGN_IN_REQUIRED', 'Sign in to save this to your account.');
    return id;
  }
  async function lessonOf(lessonId: string): Promise<LessonDoc> {
    const lesson = await findLesson(database, lessonId);
    if (!lesson) throw new AppError('NOT_FOUND', 'This lesson is not on the device; sync first.');
    return lesson;
  }
  /** Whether the learner has a live (not revoked) entitlement to the course on this device, or a membership opening it. */
  async function holdsEntitlement(owner: string, courseId: string): Promise<boolean> {
    const owned = (await database.entitlements.find({ selector: { courseId, userId: owner } }).exec()).some(
      (e) => e.revokedAt === undefined,
    );
    return owned || (await membershipsOpening(database, owner, courseId, clock.now(), clock.graceMs())).length > 0;
  }
  /** A subscription to a live value; returns its end. */
  function follow<T>(source: Observable<T>, emit: (value: T) => void): () => void {
    const subscription = source.subscribe(emit);
    return () => subscription.unsubscribe();
  }
  /** A subscription that starts over whenever the signed-in account changes. */
  function perAccount<T>(source: () => Observable<T>, emit: (value: T) => void): () => void {
    return follow(session.state$.pipe(switchMap(source)), emit);
  }
  function requireCreator(): string {
    const current = session.current();
    if (!current) throw new AppError('SIGN_IN_REQUIRED', 'Sign in to write courses.');
    if (current.user.role !== 'creator' && current.user.role !== 'admin')
      throw new AppError('UNAUTHORIZED', 'Become a creator from your account first.');
    return current.user.id;
  }
  return { userId, requireUser, requireCreator, lessonOf, holdsEntitlement, follow, perAccount };
}
