/**
 * The public catalogue a sync benchmark starts from, written straight into the server's
 * `documents` table (around the document store, as rows stored before a feature existed are):
 * on SQLite through the test harness's seed, on PostgreSQL set-based — the platform size
 * (100,000 courses, 1,000,000 lessons, 10,000,000 reviews) takes minutes row by row. The
 * documents are the harness's: the same ids, course for course and lesson for lesson.
 */
import { sampleCourse, sampleLesson } from '../../main/core/database/samples.ts';
import { seedPublicCatalogue, type CatalogueSize } from '../../main/core/sync/test/sync-harness.ts';
import type { SqlDatabase } from '../../sync-server/sql/sql-database.ts';

const CHUNK = 20_000;
const REVIEW_CHUNK = 250_000;

const INSERT_ROWS = `INSERT INTO documents (collection, id, seq, owner_id, is_public, deleted, data, updated_at, parent_id)
  SELECT ?, t.id, nextval('document_sequence_numbers'), 'creator-1', 1, 0, t.data, 0, t.parent
  FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS t(id, data, parent, n) ORDER BY t.n`;

async function insertChunked(
  db: SqlDatabase,
  collection: string,
  count: number,
  make: (n: number) => { id: string; parent: string | null; doc: object },
): Promise<void> {
  for (let start = 0; start < count; start += CHUNK) {
    const ids: string[] = [];
    const data: string[] = [];
    const parents: (string | null)[] = [];
    for (let n = start; n < Math.min(count, start + CHUNK); n++) {
      const row = make(n);
      ids.push(row.id);
      data.push(JSON.stringify({ ...row.doc, _deleted: false }));
      parents.push(row.parent);
    }
    await db.run(INSERT_ROWS, [collection, ids, data, parents]);
  }
}

/** Seeds the catalogue; `progress` hears what is being written (a platform seed takes minutes). */
export async function seedCatalogue(
  db: SqlDatabase,
  size: CatalogueSize,
  progress: (line: string) => void = () => undefined,
): Promise<void> {
  if (db.dialect === 'sqlite') return seedPublicCatalogue(db, size);
  progress(`seeding ${size.courses.toLocaleString('en')} courses`);
  await insertChunked(db, 'courses', size.courses, (c) => ({
    id: `course-${c}`,
    parent: null,
    doc: sampleCourse(`course-${c}`, { updatedAt: 1_700_000_000_000 + c, priceAmount: (c * 37) % 30_000 }),
  }));
  progress(`seeding ${size.lessons.toLocaleString('en')} lessons`);
  await insertChunked(db, 'lessons', size.lessons, (l) => ({
    id: `lesson-${l}`,
    parent: `course-${l % size.courses}`,
    doc: sampleLesson(`course-${l % size.courses}`, Math.floor(l / size.courses), { id: `lesson-${l}` }),
  }));
  // Reviews are never replicated (fetched with a course's page): built in SQL, the same shape.
  for (let start = 0; start < size.reviews; start += REVIEW_CHUNK) {
    if (start % 1_000_000 === 0)
      progress(
        `seeding reviews ${start.toLocaleString('en')}–${Math.min(size.reviews, start + 1_000_000).toLocaleString('en')}`,
      );
    await db.run(
      `INSERT INTO documents (collection, id, seq, owner_id, is_public, deleted, data, updated_at, parent_id)
       SELECT 'reviews', 'review-' || r, nextval('document_sequence_numbers'), 'creator-1', 1, 0,
         json_build_object('id', 'review-' || r, 'courseId', 'course-' || ((r * 7) % ?), 'authorName',
           'Learner ' || (r % 5000), 'stars', 1 + (r % 5), 'text', '讲得很清楚 · clear', 'createdAt', 1,
           'updatedAt', 1, '_deleted', false)::text,
         0, 'course-' || ((r * 7) % ?)
       FROM generate_series(?::bigint, ?::bigint) AS r`,
      [size.courses, size.courses, start, Math.min(size.reviews, start + REVIEW_CHUNK) - 1],
    );
  }
  await db.run('ANALYZE documents');
}
