/**
 * What `bench:sync` reads off a device: its memory and folder, and the moments after sign-in
 * when a new laptop becomes useful (a catalogue page, search results, what the learner owns).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CourseList } from '../../common/contract/catalog.ts';
import type { SearchResults } from '../../common/contract/search.ts';
import type { Device } from '../../main/core/sync/test/sync-harness.ts';

/** A line of /proc/<pid>/status in MiB (Linux), or undefined elsewhere. */
function statusMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const line = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) / 1024 : undefined;
  } catch {
    return undefined; // not Linux: the table says n/a
  }
}
/** A process's peak resident memory so far. */
export const peakResidentMiB = (pid: number) => statusMiB(pid, 'VmHWM');
/** A process's resident memory now. */
export const residentMiB = (pid: number) => statusMiB(pid, 'VmRSS');
export const mib = (value: number | undefined) =>
  value === undefined ? 'n/a (not Linux)' : `${Math.round(value)} MiB`;

export const folderMiB = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0) /
  2 ** 20;

/** The value at fraction `p` of sorted samples. */
export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** Seconds from `since` until `check` first passes, polled every 50 ms (bounded). */
async function secondsUntil(since: number, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const deadline = since + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`not reached within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (performance.now() - since) / 1000;
}

export interface FirstUse {
  /** Seconds until the storefront's first page (newest first) was full. */
  firstPage: number;
  /** Seconds until it showed the catalogue's newest courses (not only those synced so far). */
  rightFirstPage: number;
  /** Seconds until a search for the newest course found it. */
  firstSearch: number;
  /** Seconds until every course the learner holds, its lessons and entitlements were on the device. */
  owned: number;
}

export const FIRST_PAGE = { sort: 'newest', limit: 24 } as const;

/**
 * Watches a device from `since` (its sign-in) until it is useful: the three moments of a new
 * laptop, each polled through the core as the app asks for it.
 */
export async function watchFirstUse(
  device: Device,
  since: number,
  held: { courses: string[]; lessons: number },
  newestCourseIds: readonly string[],
  timeoutMs: number,
): Promise<FirstUse> {
  let firstPage: number | undefined;
  const [rightFirstPage, firstSearch, owned] = await Promise.all([
    secondsUntil(
      since,
      async () => {
        const page = await device.call<CourseList>('watchOnce', 'catalog.watchCourses', FIRST_PAGE);
        if (page.courses.length === FIRST_PAGE.limit) firstPage ??= (performance.now() - since) / 1000;
        return page.courses.map((course) => course.id).join() === newestCourseIds.join();
      },
      timeoutMs,
    ),
    secondsUntil(
      since,
      async () => {
        const newest = newestCourseIds[0]!;
        const found = await device.call<SearchResults>('invoke', 'search.query', { text: newest, limit: 5 });
        return found.courses.some((hit) => hit.courseId === newest);
      },
      timeoutMs,
    ),
    secondsUntil(
      since,
      async () => {
        const selector = { selector: { id: { $in: held.courses } } };
        const [courses, lessons, entitlements] = await Promise.all([
          device.call<unknown[]>('find', 'courses', selector),
          device.call<number>('count', 'lessons'),
          device.call<number>('count', 'entitlements'),
        ]);
        return (
          courses.length === held.courses.length && lessons === held.lessons && entitlements === held.courses.length
        );
      },
      timeoutMs,
    ),
  ]);
  return { firstPage: firstPage ?? rightFirstPage, rightFirstPage, firstSearch, owned };
}
