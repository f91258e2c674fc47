import type { CourseDoc, LessonDoc, LocalizedText } from '../../common/collections/index.js';
import { bilingual } from '../mail/account-mail.js';
import type { Mailer } from '../mail/mailer.js';
import { heldThroughMembership } from '../payments/membership-access.js';
import type { DocumentStore } from '../replication/document-store.js';
import { storedDoc } from '../replication/collection-rules.js';
import type { SqlDatabase } from '../sql/sql-database.js';

interface Released {
  courseId: string;
  courseTitle: LocalizedText;
  lessons: LocalizedText[];
}

/** The mail a learner gets when a column they follow releases lessons. */
export function releaseMail(to: string, released: Released) {
  const zhTitles = released.lessons.map((title) => `《${title.zh || title.en}》`).join('、');
  const enTitles = released.lessons.map((title) => `“${title.en || title.zh}”`).join(', ');
  return bilingual(
    to,
    {
      zh: `《${released.courseTitle.zh || released.courseTitle.en}》更新了`,
      en: `New in “${released.courseTitle.en || released.courseTitle.zh}”`,
    },
    [`你订阅的专栏有新课：${zhTitles}。打开知库同步后即可学习，也可以下载离线看。`],
    [
      `A column you follow has new lessons: ${enTitles}. Open Zhiku to sync and study them, or download them for offline.`,
    ],
  );
}

/**
 * Columns (专栏): a course whose lessons come out on a schedule. A scheduled lesson is published
 * with the course but private to its creator (lesson_releases holds its time); when its time
 * comes this releases it — public, with `releasedAt` — and updates the course (its count, its
 * upcoming list) in one transaction, so devices pull the lesson with their next sync. Then its
 * followers are told by e-mail: every holder of the course, and members (whose membership opens
 * it) who have started it. Each lesson is released once, whichever server instance runs this.
 */
export function createColumnReleases(deps: {
  db: SqlDatabase;
  documents: DocumentStore;
  mailer: Mailer;
  now: () => number;
  onMailFailure?: (error: unknown) => void;
}) {
  const { db, documents } = deps;

  async function releaseCourse(courseId: string, lessonIds: string[]): Promise<Released | undefined> {
    const now = deps.now();
    return documents.serverTransaction(async (tx, write) => {
      const course = await storedDoc(tx, 'courses', courseId);
      const titles: LocalizedText[] = [];
      const released = new Set<string>();
      let seconds = 0;
      for (const lessonId of lessonIds) {
        // Claimed first: another instance releasing the same lesson changes nothing.
        const claimed = await tx.run(
          'UPDATE lesson_releases SET released_at = ? WHERE lesson_id = ? AND released_at IS NULL AND release_at <= ?',
          [now, lessonId, now],
        );
        if (claimed.changes === 0) continue;
        const lesson = await storedDoc(tx, 'lessons', lessonId);
        if (!course || !lesson || lesson.data.courseId !== courseId) continue;
        const doc = lesson.data as unknown as LessonDoc;
        write(
          'lessons',
          { ...doc, releasedAt: now, updatedAt: now, _deleted: false },
          {
            ownerId: course.ownerId,
            isPublic: true,
          },
        );
        released.add(lessonId);
        titles.push(doc.title);
        seconds += doc.durationSeconds;
      }
      if (!course || released.size === 0) return undefined;
      const data = course.data as unknown as CourseDoc;
      const upcoming = (data.upcoming ?? []).filter((entry) => !released.has(entry.lessonId));
      const { upcoming: _was, ...rest } = data;
      write(
        'courses',
        {
          ...rest,
          ...(upcoming.length > 0 ? { upcoming } : {}),
          lessonCount: data.lessonCount + released.size,
          durationSeconds: data.durationSeconds + seconds,
          updatedAt: now,
          _deleted: false,
        },
        { ownerId: course.ownerId, isPublic: course.isPublic },
      );
      return { courseId, courseTitle: data.title, lessons: titles };
    });
  }

  /** Who hears of a release: holders of the course, and members who opened it and whose membership covers it. */
  async function followers(courseId: string): Promise<string[]> {
    const holders = await db.all<{ email: string }>(
      `SELECT DISTINCT u.email FROM entitlements e JOIN users u ON u.id = e.user_id
        WHERE e.course_id = ? AND e.revoked_at IS NULL`,
      [courseId],
    );
    const started = await db.all<{ owner_id: string }>(
      "SELECT owner_id FROM documents WHERE collection = 'progress' AND deleted = 0 AND id = owner_id || ':' || ?",
      [courseId],
    );
    const emails = new Set(holders.map((row) => row.email));
    for (const { owner_id: userId } of started) {
      if (!(await heldThroughMembership(db, userId, courseId, deps.now()))) continue;
      const user = await db.get<{ email: string }>('SELECT email FROM users WHERE id = ?', [userId]);
      if (user) emails.add(user.email);
    }
    return [...emails].sort();
  }

  return {
    /** Releases every lesson whose time has come; returns what was released, per course. */
    async releaseDue(): Promise<Released[]> {
      const due = await db.all<{ lesson_id: string; course_id: string }>(
        'SELECT lesson_id, course_id FROM lesson_releases WHERE released_at IS NULL AND release_at <= ? ORDER BY release_at, lesson_id',
        [deps.now()],
      );
      const byCourse = new Map<string, string[]>();
      for (const row of due) byCourse.set(row.course_id, [...(byCourse.get(row.course_id) ?? []), row.lesson_id]);
      const done: Released[] = [];
      for (const [courseId, lessonIds] of byCourse) {
        const released = await releaseCourse(courseId, lessonIds);
        if (!released) continue;
        done.push(released);
        // Mail goes after the release committed; a mail server that fails loses no lesson.
        for (const email of await followers(courseId))
          await deps.mailer.send(releaseMail(email, released)).catch((error: unknown) => deps.onMailFailure?.(error));
      }
      return done;
    },
  };
}

export type ColumnReleases = ReturnType<typeof createColumnReleases>;
