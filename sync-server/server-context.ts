import type { Database } from 'better-sqlite3';
import { countCatalogCourses } from './catalog/import-catalog.js';

/** What route handlers get: the database and a few facts, passed in rather than imported. */
export interface ServerContext {
  version: string;
  db: Database;
  countCatalogCourses(): number;
}

export function createServerContext(db: Database, version: string): ServerContext {
  return { version, db, countCatalogCourses: () => countCatalogCourses(db) };
}
