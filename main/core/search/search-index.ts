import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CourseDoc, LessonDoc } from '../../../common/collections/index.js';
import type { LocalizedText } from '../../../common/collections/shared-fields.js';
import { indexText, matchExpression } from '../../../common/search/search-terms.js';

/** What the index keeps of a course: enough to show a result without touching the database. */
export type IndexedCourse = Pick<
  CourseDoc,
  'id' | 'title' | 'subtitle' | 'description' | 'tags' | 'categoryName' | 'creatorName' | 'status' | 'updatedAt'
>;
export type IndexedLesson = Pick<LessonDoc, 'id' | 'courseId' | 'kind' | 'title' | 'updatedAt'>;

export interface CourseMatch {
  courseId: string;
  title: LocalizedText;
  subtitle: LocalizedText;
}

export interface LessonMatch {
  lessonId: string;
  courseId: string;
  kind: LessonDoc['kind'];
  title: LocalizedText;
  courseTitle: LocalizedText;
  /** The lesson's downloaded text is indexed too, so the match may be in its body. */
  hasBody: boolean;
}

export interface SearchIndex {
  upsertCourses(courses: IndexedCourse[]): void;
  /** `body` is the text of a downloaded text lesson; undefined keeps the body already indexed. */
  upsertLessons(lessons: { lesson: IndexedLesson; body?: string | null }[]): void;
  setLessonBody(lessonId: string, body: string | null): void;
  remove(kind: 'course' | 'lesson', ids: string[]): void;
  /** id → updatedAt of what is indexed. */
  indexedVersions(kind: 'course' | 'lesson'): Map<string, number>;
  /**
   * Empties the index unless it was built from the database with this storage token: a
   * database replaced (recovered, restored) has changes of its own, and what the index held of
   * the old one would otherwise stay findable.
   */
  belongTo(databaseToken: string): void;
  /** Where the index is in the collection's changes (its storage's (lwt, id) order); undefined: from the start. */
  checkpoint(kind: ChangeSource): ChangeCheckpoint | undefined;
  /** One batch of the collection's changes and the checkpoint after it, in one transaction. */
  applyChanges(
    kind: ChangeSource,
    changes: { upserted: IndexedCourse[] | IndexedLesson[]; removed: string[]; checkpoint: ChangeCheckpoint },
  ): void;
  search(query: string, limit: number): { courses: CourseMatch[]; lessons: LessonMatch[] };
  close(): void;
}

/**
 * The collections the index follows: courses, replicated lessons, and the lessons of courses
 * not held that were shown on this device (catalog/lesson-cache.ts), indexed as lessons.
 */
export type ChangeSource = 'course' | 'lesson' | 'shownlesson';

/** A position in a collection's changes: the last change's write time and document id. */
export interface ChangeCheckpoint {
  lwt: number;
  id: string;
}

/** 2: checkpoints, so that a start reads only what changed (1 compared every document). */
const SCHEMA_VERSION = 2;
/** How many matches of a broad query are ranked by relevance (see `search`). */
export const RANKED_CANDIDATES = 2_000;

/**
 * The on-device full-text index (SQLite FTS5) of the synced catalog and of the user's
 * downloaded text lessons. It is derived data in its own file: if it is missing, from an
 * older version or unreadable, it is rebuilt from the database. The FTS tables are
 * contentless (they keep the inverted index, not the text); what results show is kept in
 * ordinary side tables keyed by the FTS rowid.
 */
export function openSearchIndex(dataDir: string): SearchIndex {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'search.sqlite');
  let db = openFile(path);
  if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    db = openFile(path);
    createTables(db);
  }

  const statements = {
    courseRow: db.prepare<[string], { rowid: number }>('SELECT rowid FROM course_rows WHERE id = ?'),
    insertCourseRow: db.prepare(
      'INSERT INTO course_rows (id, title, subtitle, status, updated_at) VALUES (?, ?, ?, ?, ?)',
    ),
    updateCourseRow: db.prepare(
      'UPDATE course_rows SET title = ?, subtitle = ?, status = ?, updated_at = ? WHERE rowid = ?',
    ),
    deleteCourseFts: db.prepare('DELETE FROM course_fts WHERE rowid = ?'),
    insertCourseFts: db.prepare(
      'INSERT INTO course_fts (rowid, title, subtitle, meta, description) VALUES (?, ?, ?, ?, ?)',
    ),
    lessonRow: db.prepare<[string], { rowid: number; title: string; body: string | null }>(
      'SELECT rowid, title, body FROM lesson_rows WHERE id = ?',
    ),
    insertLessonRow: db.prepare(
      'INSERT INTO lesson_rows (id, course_id, kind, title, body, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    updateLessonRow: db.prepare(
      'UPDATE lesson_rows SET course_id = ?, kind = ?, title = ?, body = ?, updated_at = ? WHERE rowid = ?',
    ),
    deleteLessonFts: db.prepare('DELETE FROM lesson_fts WHERE rowid = ?'),
    insertLessonFts: db.prepare('INSERT INTO lesson_fts (rowid, title, body) VALUES (?, ?, ?)'),
    courseCutoff: db.prepare<[string, number], { rowid: number }>(
      'SELECT rowid FROM course_fts WHERE course_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?',
    ),
    lessonCutoff: db.prepare<[string, number], { rowid: number }>(
      'SELECT rowid FROM lesson_fts WHERE lesson_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?',
    ),
    searchCourses: db.prepare<[string, number, number], { id: string; title: string; subtitle: string }>(
      `SELECT c.id, c.title, c.subtitle FROM
         (SELECT rowid, bm25(course_fts, 10, 4, 2, 1) AS score FROM course_fts WHERE course_fts MATCH ? AND rowid >= ? ORDER BY score LIMIT ?) AS hit
       JOIN course_rows c ON c.rowid = hit.rowid WHERE c.status = 'published' ORDER BY hit.score`,
    ),
    searchLessons: db.prepare<
      [string, number, number],
      { id: string; course_id: string; kind: string; title: string; course_title: string; has_body: number }
    >(
      `SELECT l.id, l.course_id, l.kind, l.title, c.title AS course_title, l.body IS NOT NULL AS has_body FROM
         (SELECT rowid, bm25(lesson_fts, 10, 1) AS score FROM lesson_fts WHERE lesson_fts MATCH ? AND rowid >= ? ORDER BY score LIMIT ?) AS hit
       JOIN lesson_rows l ON l.rowid = hit.rowid JOIN course_rows c ON c.id = l.course_id WHERE c.status = 'published' ORDER BY hit.score`,
    ),
  };

  const localizedIndexText = (text: LocalizedText) => indexText(`${text.zh} ${text.en}`);

  const upsertCourses = db.transaction((courses: IndexedCourse[]) => {
    for (const course of courses) {
      const existing = statements.courseRow.get(course.id);
      let rowid: number;
      if (existing) {
        rowid = existing.rowid;
        statements.deleteCourseFts.run(rowid);
        statements.updateCourseRow.run(
          JSON.stringify(course.title),
          JSON.stringify(course.subtitle),
          course.status,
          course.updatedAt,
          rowid,
        );
      } else {
        rowid = Number(
          statements.insertCourseRow.run(
            course.id,
            JSON.stringify(course.title),
            JSON.stringify(course.subtitle),
            course.status,
            course.updatedAt,
          ).lastInsertRowid,
        );
      }
      const meta = indexText(
        [
          ...course.tags,
          course.categoryName.zh,
          course.categoryName.en,
          course.creatorName.zh,
          course.creatorName.en,
        ].join(' '),
      );
      statements.insertCourseFts.run(
        rowid,
        localizedIndexText(course.title),
        localizedIndexText(course.subtitle),
        meta,
        localizedIndexText(course.description),
      );
    }
  });

  /**
   * A lesson body is kept in its index-term form (bigrams and words) so the lesson can be
   * re-indexed when its title changes; removing the download removes it (see docs/search.md).
   */
  const writeLesson = (lesson: IndexedLesson, body: string | null | undefined) => {
    const existing = statements.lessonRow.get(lesson.id);
    const bodyTerms = body === undefined ? (existing?.body ?? null) : body === null ? null : indexText(body);
    let rowid: number;
    if (existing) {
      rowid = existing.rowid;
      statements.deleteLessonFts.run(rowid);
      statements.updateLessonRow.run(
        lesson.courseId,
        lesson.kind,
        JSON.stringify(lesson.title),
        bodyTerms,
        lesson.updatedAt,
        rowid,
      );
    } else {
      rowid = Number(
        statements.insertLessonRow.run(
          lesson.id,
          lesson.courseId,
          lesson.kind,
          JSON.stringify(lesson.title),
          bodyTerms,
          lesson.updatedAt,
        ).lastInsertRowid,
      );
    }
    statements.insertLessonFts.run(rowid, localizedIndexText(lesson.title), bodyTerms ?? '');
  };

  const upsertLessons = db.transaction((items: { lesson: IndexedLesson; body?: string | null }[]) => {
    for (const { lesson, body } of items) writeLesson(lesson, body);
  });

  const remove = db.transaction((kind: 'course' | 'lesson', ids: string[]) => {
    for (const id of ids) {
      const row = (kind === 'course' ? statements.courseRow : statements.lessonRow).get(id);
      if (!row) continue;
      (kind === 'course' ? statements.deleteCourseFts : statements.deleteLessonFts).run(row.rowid);
      db.prepare(`DELETE FROM ${kind}_rows WHERE rowid = ?`).run(row.rowid);
    }
  });

  const readCheckpoint = db.prepare<[string], ChangeCheckpoint>('SELECT lwt, id FROM checkpoints WHERE kind = ?');
  const writeCheckpoint = db.prepare(
    'INSERT INTO checkpoints (kind, lwt, id) VALUES (?, ?, ?) ON CONFLICT (kind) DO UPDATE SET lwt = excluded.lwt, id = excluded.id',
  );
  const applyChanges = db.transaction(
    (
      kind: ChangeSource,
      changes: { upserted: IndexedCourse[] | IndexedLesson[]; removed: string[]; checkpoint: ChangeCheckpoint },
    ) => {
      if (kind === 'course') upsertCourses(changes.upserted as IndexedCourse[]);
      else upsertLessons((changes.upserted as IndexedLesson[]).map((lesson) => ({ lesson })));
      remove(kind === 'course' ? 'course' : 'lesson', changes.removed);
      writeCheckpoint.run(kind, changes.checkpoint.lwt, changes.checkpoint.id);
    },
  );

  return {
    upsertCourses,
    upsertLessons,
    checkpoint: (kind) => readCheckpoint.get(kind),
    belongTo(databaseToken) {
      const owner = db.prepare<[], { token: string }>('SELECT token FROM owner').get();
      if (owner?.token === databaseToken) return;
      db.transaction(() => {
        for (const table of ['course_fts', 'lesson_fts'])
          db.prepare(`INSERT INTO ${table} (${table}) VALUES ('delete-all')`).run();
        db.exec('DELETE FROM course_rows; DELETE FROM lesson_rows; DELETE FROM checkpoints; DELETE FROM owner;');
        db.prepare('INSERT INTO owner (token) VALUES (?)').run(databaseToken);
      })();
    },
    applyChanges,
    setLessonBody(lessonId, body) {
      const row = db
        .prepare<[string], { course_id: string; kind: LessonDoc['kind']; title: string; updated_at: number }>(
          'SELECT course_id, kind, title, updated_at FROM lesson_rows WHERE id = ?',
        )
        .get(lessonId);
      if (!row) return;
      upsertLessons([
        {
          lesson: {
            id: lessonId,
            courseId: row.course_id,
            kind: row.kind,
            title: JSON.parse(row.title) as LocalizedText,
            updatedAt: row.updated_at,
          },
          body,
        },
      ]);
    },
    remove,
    indexedVersions(kind) {
      const rows = db.prepare<[], { id: string; updated_at: number }>(`SELECT id, updated_at FROM ${kind}_rows`).all();
      return new Map(rows.map((row) => [row.id, row.updated_at]));
    },
    search(query, limit) {
      const expression = matchExpression(query);
      if (!expression) return { courses: [], lessons: [] };
      // Ranking costs about half a microsecond per match; a query that matches more than
      // RANKED_CANDIDATES documents (a single character, a word in every title) is ranked
      // among its most recently indexed matches, so typing stays instant at any catalog size.
      const cutoff = (statement: typeof statements.courseCutoff) =>
        statement.get(expression, RANKED_CANDIDATES - 1)?.rowid ?? 0;
      // A few extra rows make up for lessons of unpublished courses dropped after ranking.
      const courses = statements.searchCourses
        .all(expression, cutoff(statements.courseCutoff), limit + 10)
        .slice(0, limit)
        .map((row) => ({
          courseId: row.id,
          title: JSON.parse(row.title) as LocalizedText,
          subtitle: JSON.parse(row.subtitle) as LocalizedText,
        }));
      const lessons = statements.searchLessons
        .all(expression, cutoff(statements.lessonCutoff), limit + 10)
        .slice(0, limit)
        .map((row) => ({
          lessonId: row.id,
          courseId: row.course_id,
          kind: row.kind as LessonDoc['kind'],
          title: JSON.parse(row.title) as LocalizedText,
          courseTitle: JSON.parse(row.course_title) as LocalizedText,
          hasBody: row.has_body === 1,
        }));
      return { courses, lessons };
    },
    close() {
      db.close();
    },
  };
}

function openFile(path: string): Database.Database {
  const db = new Database(path);
  // Derived data: a lost write is rebuilt from the database, so durability can be relaxed.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

function createTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE course_rows (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, subtitle TEXT NOT NULL, status TEXT NOT NULL, updated_at INTEGER NOT NULL);
    CREATE TABLE lesson_rows (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, course_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT, updated_at INTEGER NOT NULL);
    CREATE INDEX lesson_rows_course ON lesson_rows (course_id);
    CREATE VIRTUAL TABLE course_fts USING fts5 (title, subtitle, meta, description, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE lesson_fts USING fts5 (title, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
    CREATE TABLE checkpoints (kind TEXT PRIMARY KEY, lwt REAL NOT NULL, id TEXT NOT NULL);
    CREATE TABLE owner (token TEXT NOT NULL);
  `);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
