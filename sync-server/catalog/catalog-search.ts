import type { LocalizedText } from '../../common/collections/shared-fields.js';
import type { CatalogSearchAnswer } from '../../common/server-api/catalog-search.js';
import { indexText, matchExpression, tsQueryExpression } from '../../common/search/search-terms.js';
import type { Doc, Placement } from '../replication/document-types.js';
import { forUpdate, type SqlClient, type SqlDatabase } from '../sql/sql-database.js';

/**
 * The catalogue's full-text search on the server: what a device cannot find in its own index,
 * because it holds only its learner's lessons (see docs/client-sync.md). The terms are the
 * device's (common/search/search-terms.ts: CJK runs as bigrams, other scripts as words), kept
 * in `search_courses` and `search_lessons` in the same transaction as the document they come
 * from; SQLite searches them with FTS5, PostgreSQL with a GIN index on a tsvector of them.
 * Only what anyone may read is indexed: public, published courses and the public lessons of
 * those courses (a lesson is found only while its course is). Lesson bodies are paid content
 * and never indexed here.
 */

/** How many matches of a broad query are ranked (as on the device: typing stays instant). */
const RANKED_CANDIDATES = 2_000;

const localizedTerms = (text: LocalizedText | undefined) => indexText(`${text?.zh ?? ''} ${text?.en ?? ''}`);

/** Keeps the search tables in step with one written course or lesson, in the writer's transaction. */
export async function projectSearchDocument(
  tx: SqlClient,
  collection: string,
  doc: Doc,
  placement: Placement,
): Promise<void> {
  if (collection !== 'courses' && collection !== 'lessons') return;
  const id = String(doc.id);
  const table = collection === 'courses' ? 'search_courses' : 'search_lessons';
  const searchable = placement.isPublic && !doc._deleted && (collection === 'lessons' || doc.status === 'published');
  if (!searchable) {
    await tx.run(`DELETE FROM ${table} WHERE id = ?`, [id]);
    return;
  }
  const title = doc.title as LocalizedText;
  if (collection === 'courses') {
    const subtitle = doc.subtitle as LocalizedText;
    const category = doc.categoryName as LocalizedText | undefined;
    const creator = doc.creatorName as LocalizedText | undefined;
    const meta = [
      ...((doc.tags as string[] | undefined) ?? []),
      category?.zh,
      category?.en,
      creator?.zh,
      creator?.en,
    ].join(' ');
    await tx.run(
      `INSERT INTO search_courses (id, title, subtitle, title_terms, terms) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, subtitle = excluded.subtitle,
         title_terms = excluded.title_terms, terms = excluded.terms`,
      [
        id,
        JSON.stringify(title),
        JSON.stringify(subtitle),
        localizedTerms(title),
        [localizedTerms(subtitle), indexText(meta), localizedTerms(doc.description as LocalizedText)].join(' '),
      ],
    );
    return;
  }
  await tx.run(
    `INSERT INTO search_lessons (id, course_id, kind, title, title_terms) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET course_id = excluded.course_id, kind = excluded.kind,
       title = excluded.title, title_terms = excluded.title_terms`,
    [id, String(doc.courseId), String(doc.kind), JSON.stringify(title), localizedTerms(title)],
  );
}

interface CourseRow {
  id: string;
  title: string;
  subtitle: string;
}
interface LessonRow {
  id: string;
  course_id: string;
  kind: string;
  title: string;
  course_title: string;
}

/** The courses and lessons anyone may read that match what was typed, best first. */
export async function searchCatalog(db: SqlClient, text: string, limit: number): Promise<CatalogSearchAnswer> {
  const sqlite = db.dialect === 'sqlite';
  const expression = sqlite ? matchExpression(text) : tsQueryExpression(text);
  if (!expression) return { courses: [], lessons: [] };
  const [courseRows, lessonRows] = sqlite
    ? await Promise.all([
        db.all<CourseRow>(
          `SELECT c.id, c.title, c.subtitle FROM
             (SELECT rowid, bm25(search_courses_fts, 10, 2) AS score FROM search_courses_fts
               WHERE search_courses_fts MATCH ? ORDER BY rowid DESC LIMIT ${RANKED_CANDIDATES}) AS hit
           JOIN search_courses c ON c.entry = hit.rowid ORDER BY hit.score LIMIT ?`,
          [expression, limit],
        ),
        db.all<LessonRow>(
          `SELECT l.id, l.course_id, l.kind, l.title, c.title AS course_title FROM
             (SELECT rowid, bm25(search_lessons_fts) AS score FROM search_lessons_fts
               WHERE search_lessons_fts MATCH ? ORDER BY rowid DESC LIMIT ${RANKED_CANDIDATES}) AS hit
           JOIN search_lessons l ON l.entry = hit.rowid JOIN search_courses c ON c.id = l.course_id
           ORDER BY hit.score LIMIT ?`,
          [expression, limit],
        ),
      ])
    : await Promise.all([
        db.all<CourseRow>(
          `SELECT id, title, subtitle FROM
             (SELECT id, title, subtitle, vec FROM search_courses WHERE vec @@ to_tsquery('simple', ?) LIMIT ${RANKED_CANDIDATES}) AS hit
           ORDER BY ts_rank(vec, to_tsquery('simple', ?)) DESC, id LIMIT ?`,
          [expression, expression, limit],
        ),
        db.all<LessonRow>(
          `SELECT l.id, l.course_id, l.kind, l.title, c.title AS course_title FROM
             (SELECT id, course_id, kind, title, vec FROM search_lessons WHERE vec @@ to_tsquery('simple', ?) LIMIT ${RANKED_CANDIDATES}) AS l
           JOIN search_courses c ON c.id = l.course_id
           ORDER BY ts_rank(l.vec, to_tsquery('simple', ?)) DESC, l.id LIMIT ?`,
          [expression, expression, limit],
        ),
      ]);
  return {
    courses: courseRows.map((row) => ({
      courseId: row.id,
      title: JSON.parse(row.title) as LocalizedText,
      subtitle: JSON.parse(row.subtitle) as LocalizedText,
    })),
    lessons: lessonRows.map((row) => ({
      lessonId: row.id,
      courseId: row.course_id,
      kind: row.kind as CatalogSearchAnswer['lessons'][number]['kind'],
      title: JSON.parse(row.title) as LocalizedText,
      courseTitle: JSON.parse(row.course_title) as LocalizedText,
    })),
  };
}

const CATCH_UP_KEY = 'search_catch_up';
const CATCH_UP_BATCH = 500;

/**
 * Indexes the courses and lessons stored before the search tables existed (migration 27), a
 * batch at a time in id order, each batch and the position after it in one transaction (the
 * documents locked, so a writer's newer version is never overwritten by an older read). It
 * resumes where a stopped server left off, and once done it reads one row at each start.
 */
export async function catchUpSearchIndex(db: SqlDatabase, stopped: () => boolean = () => false): Promise<number> {
  let indexed = 0;
  for (;;) {
    if (stopped()) return indexed;
    const more = await db.transaction(async (tx) => {
      const position = (
        await tx.get<{ value: string }>(`SELECT value FROM server_meta WHERE key = ?${forUpdate(tx)}`, [CATCH_UP_KEY])
      )?.value;
      if (position === undefined || position === 'done') return false;
      const [collection, afterId] = position === '' ? ['courses', ''] : splitPosition(position);
      const rows = await tx.all<{ id: string; data: string; is_public: number }>(
        `SELECT id, data, is_public FROM documents WHERE collection = ? AND id > ? ORDER BY id LIMIT ${CATCH_UP_BATCH}${forUpdate(tx)}`,
        [collection, afterId],
      );
      for (const row of rows)
        await projectSearchDocument(tx, collection, JSON.parse(row.data) as Doc, {
          ownerId: null,
          isPublic: row.is_public === 1,
        });
      indexed += rows.length;
      const next =
        rows.length === CATCH_UP_BATCH
          ? `${collection}:${rows.at(-1)!.id}`
          : collection === 'courses'
            ? 'lessons:'
            : 'done';
      await tx.run('UPDATE server_meta SET value = ? WHERE key = ?', [next, CATCH_UP_KEY]);
      return true;
    });
    if (!more) return indexed;
  }
}

function splitPosition(position: string): [string, string] {
  const at = position.indexOf(':');
  return [position.slice(0, at), position.slice(at + 1)];
}
