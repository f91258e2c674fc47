import type { PullCheckpoint } from '../../common/server-api/replication.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import { pageBody } from './page-body.js';

/**
 * The courses whose lessons a learner's devices keep: every course they hold an entitlement to
 * (bought, redeemed, granted; a revoked one too, their progress still names its lessons), every
 * course they have started (free, through a membership), and every course they wrote.
 */
const HELD_COURSES = `
  SELECT parent_id AS course_id FROM documents WHERE collection = 'entitlements' AND owner_id = ? AND parent_id IS NOT NULL
  UNION SELECT parent_id FROM documents WHERE collection = 'progress' AND owner_id = ? AND deleted = 0 AND parent_id IS NOT NULL
  UNION SELECT id FROM documents WHERE collection = 'courses' AND owner_id = ?`;

/**
 * Brings the caller's recorded held courses up to date and returns their newest version. Each
 * course is recorded once, with the version of the held set it joined: devices whose checkpoint
 * has an older version are sent its older lessons (a fill). The version row is taken for update
 * (PostgreSQL locks it to the commit), so two pulls of the same learner number their additions
 * one after the other and no device can take a version before every course of it is readable.
 */
export async function heldScopeVersion(db: SqlDatabase, userId: string): Promise<number> {
  const recorded = await db.all<{ course_id: string; version: number | string }>(
    'SELECT course_id, version FROM lesson_scopes WHERE user_id = ?',
    [userId],
  );
  const known = new Set(recorded.map((row) => row.course_id));
  const newest = recorded.reduce((max, row) => Math.max(max, Number(row.version)), 0);
  const held = await db.all<{ course_id: string }>(HELD_COURSES, [userId, userId, userId]);
  const joined = held.map((row) => row.course_id).filter((courseId) => !known.has(courseId));
  if (joined.length === 0) return newest;
  return db.transaction(async (tx) => {
    const taken = await tx.get<{ version: number | string }>(
      `INSERT INTO lesson_scope_versions (user_id, version) VALUES (?, 1)
       ON CONFLICT (user_id) DO UPDATE SET version = lesson_scope_versions.version + 1 RETURNING version`,
      [userId],
    );
    const version = Number(taken!.version);
    for (let start = 0; start < joined.length; start += 500) {
      const chunk = joined.slice(start, start + 500);
      await tx.run(
        `INSERT INTO lesson_scopes (user_id, course_id, version) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}
         ON CONFLICT (user_id, course_id) DO NOTHING`,
        chunk.flatMap((courseId) => [userId, courseId, version]),
      );
    }
    return version;
  });
}

/**
 * The collections a device pulls by the courses its learner holds, each with the column that
 * names the course: lessons (their course), and course summaries (the course itself) — a new
 * laptop gets what its learner owns first, before the whole catalogue's summaries have arrived.
 */
export const PULLED_BY_HELD_COURSES = { lessons: 'parent_id', courses: 'id' } as const;
export type HeldCollection = keyof typeof PULLED_BY_HELD_COURSES;
export const isHeldCollection = (collection: string): collection is HeldCollection =>
  Object.hasOwn(PULLED_BY_HELD_COURSES, collection);

/**
 * One page of a held pull: the lessons (or course summaries) of the caller's held courses changed
 * after the checkpoint, in sequence order. When courses joined the held set since the device's
 * version (`scope`), their rows up to the checkpoint's `seq` are sent first (they were skipped
 * while the course was not held), paged by `fill`; the rest of the page continues the stream.
 * A signed-out device holds no course: its pages are empty.
 */
export async function pullHeld(
  db: SqlDatabase,
  collection: HeldCollection,
  userId: string | null,
  checkpoint: PullCheckpoint,
  limit: number,
  visibilityCap: string,
): Promise<Buffer> {
  const scope = checkpoint.scope ?? 0;
  if (userId === null) return pageBody([], { seq: checkpoint.seq, scope });
  const version = await heldScopeVersion(db, userId);
  const lessons = (courses: string, range: string, params: unknown[], take: number) =>
    db.all<{ seq: number | string; data: string }>(
      `SELECT seq, data FROM documents
        WHERE collection = ? AND ${PULLED_BY_HELD_COURSES[collection]} IN (SELECT course_id FROM lesson_scopes WHERE user_id = ?${courses})
          AND ${range} AND (is_public = 1 OR owner_id = ?)${visibilityCap}
        ORDER BY seq LIMIT ?`,
      [collection, userId, ...params, userId, take],
    );
  // A first pull (seq 0) has nothing older to fill in: the stream brings every held course's rows.
  const fill = checkpoint.fill ?? (version > scope && checkpoint.seq > 0 ? { to: version, after: 0 } : undefined);
  let filled: { seq: number | string; data: string }[] = [];
  if (fill) {
    filled = await lessons(
      ' AND version > ? AND version <= ?',
      'seq > ? AND seq <= ?',
      [scope, fill.to, fill.after, checkpoint.seq],
      limit,
    );
    if (filled.length === limit)
      return pageBody(filled, {
        seq: checkpoint.seq,
        scope,
        fill: { to: fill.to, after: Number(filled.at(-1)!.seq) },
      });
  }
  const streamed = await lessons('', 'seq > ?', [checkpoint.seq], limit - filled.length);
  return pageBody([...filled, ...streamed], {
    seq: streamed.length > 0 ? Number(streamed.at(-1)!.seq) : checkpoint.seq,
    scope: fill ? fill.to : Math.max(scope, version),
  });
}
