import type { Migration } from './migration-runner.js';

/**
 * Migration 27 on SQLite: the catalogue's search tables (catalog/catalog-search.ts), FTS5 over
 * external content kept in step by triggers. `search_catch_up` tells the server to index what
 * was stored before them.
 */
export const searchTablesMigration: Migration = {
  version: 27,
  name: 'catalogue search on the server (devices hold only their learner’s lessons)',
  up(db) {
    db.exec(`
        CREATE TABLE search_courses (
          entry INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, subtitle TEXT NOT NULL,
          title_terms TEXT NOT NULL, terms TEXT NOT NULL
        ) STRICT;
        CREATE VIRTUAL TABLE search_courses_fts USING fts5 (
          title_terms, terms, content = 'search_courses', content_rowid = 'entry', tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER search_courses_insert AFTER INSERT ON search_courses BEGIN
          INSERT INTO search_courses_fts (rowid, title_terms, terms) VALUES (new.entry, new.title_terms, new.terms);
        END;
        CREATE TRIGGER search_courses_delete AFTER DELETE ON search_courses BEGIN
          INSERT INTO search_courses_fts (search_courses_fts, rowid, title_terms, terms) VALUES ('delete', old.entry, old.title_terms, old.terms);
        END;
        CREATE TRIGGER search_courses_update AFTER UPDATE ON search_courses BEGIN
          INSERT INTO search_courses_fts (search_courses_fts, rowid, title_terms, terms) VALUES ('delete', old.entry, old.title_terms, old.terms);
          INSERT INTO search_courses_fts (rowid, title_terms, terms) VALUES (new.entry, new.title_terms, new.terms);
        END;
        CREATE TABLE search_lessons (
          entry INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, course_id TEXT NOT NULL, kind TEXT NOT NULL,
          title TEXT NOT NULL, title_terms TEXT NOT NULL
        ) STRICT;
        CREATE VIRTUAL TABLE search_lessons_fts USING fts5 (
          title_terms, content = 'search_lessons', content_rowid = 'entry', tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER search_lessons_insert AFTER INSERT ON search_lessons BEGIN
          INSERT INTO search_lessons_fts (rowid, title_terms) VALUES (new.entry, new.title_terms);
        END;
        CREATE TRIGGER search_lessons_delete AFTER DELETE ON search_lessons BEGIN
          INSERT INTO search_lessons_fts (search_lessons_fts, rowid, title_terms) VALUES ('delete', old.entry, old.title_terms);
        END;
        CREATE TRIGGER search_lessons_update AFTER UPDATE ON search_lessons BEGIN
          INSERT INTO search_lessons_fts (search_lessons_fts, rowid, title_terms) VALUES ('delete', old.entry, old.title_terms);
          INSERT INTO search_lessons_fts (rowid, title_terms) VALUES (new.entry, new.title_terms);
        END;
        INSERT INTO server_meta (key, value) VALUES ('search_catch_up', '');
      `);
  },
};
