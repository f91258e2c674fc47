import type { ClientDatabase } from '../database/open-client-database.js';

/** Courses on screen now, counted by subscription: a cache never evicts one of them. */
export class ShownCourses {
  private readonly counts = new Map<string, number>();

  add(courseId: string): void {
    this.counts.set(courseId, (this.counts.get(courseId) ?? 0) + 1);
  }

  remove(courseId: string): void {
    const left = (this.counts.get(courseId) ?? 1) - 1;
    if (left > 0) this.counts.set(courseId, left);
    else this.counts.delete(courseId);
  }

  has(courseId: string): boolean {
    return this.counts.has(courseId);
  }

  ids(): string[] {
    return [...this.counts.keys()];
  }
}

/**
 * Keeps a per-course cache to `maxCourses` courses: each cached course has a local-state entry
 * `<prefix><courseId>` written when it was last fetched for the screen; beyond the limit, the
 * courses shown longest ago are forgotten (their rows and their entry), never one shown now.
 */
export async function evictLeastRecentlyShown(
  db: ClientDatabase,
  prefix: string,
  shown: ShownCourses,
  maxCourses: number,
  forget: (courseId: string) => Promise<void>,
): Promise<void> {
  const metas = await db.localstate
    .find({ selector: { id: { $regex: `^${prefix}` } }, sort: [{ updatedAt: 'desc' }] })
    .exec();
  const others = metas.filter((meta) => !shown.has(meta.id.slice(prefix.length)));
  const surplus = others.slice(Math.max(0, maxCourses - (metas.length - others.length)));
  for (const meta of surplus) {
    await forget(meta.id.slice(prefix.length));
    await meta.remove();
  }
}

/**
 * One fetch per course at a time. A course asked for again while its fetch runs gets one more
 * fetch after it, shared by every such ask: the running fetch's answer may predate what the new
 * ask is about (a change notice arriving while a resync's fetch is on its way). Resolves true
 * once the answer is stored, false when it failed (reported to `onError`: offline, the cache
 * shows what it kept).
 */
export function oneFetchPerCourse(
  fetchAndStore: (courseId: string) => Promise<void>,
  onError?: (error: unknown) => void,
): (courseId: string) => Promise<boolean> {
  const inFlight = new Map<string, Promise<boolean>>();
  const following = new Map<string, Promise<boolean>>();
  const run = (courseId: string): Promise<boolean> => {
    const work = fetchAndStore(courseId)
      .then(() => true)
      .catch((error: unknown) => {
        onError?.(error);
        return false;
      })
      .finally(() => inFlight.delete(courseId));
    inFlight.set(courseId, work);
    return work;
  };
  return (courseId) => {
    const running = inFlight.get(courseId);
    if (!running) return run(courseId);
    let next = following.get(courseId);
    if (!next) {
      next = running.then(() => {
        following.delete(courseId);
        return run(courseId);
      });
      following.set(courseId, next);
    }
    return next;
  };
}
