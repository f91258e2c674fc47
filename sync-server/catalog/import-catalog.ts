import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { catalogSourceSchema, type CatalogSource } from '../../common/catalog/catalog-source.js';

export class CatalogError extends Error {
  override name = 'CatalogError';
}

export function readCatalogFile(path: string): CatalogSource {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CatalogError(`Cannot read the catalog at ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = catalogSourceSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new CatalogError(`The catalog at ${path} is not valid: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/**
 * Imports every course of a catalog in one transaction: new courses are added, changed
 * ones replaced, unchanged ones left alone, so a restart re-importing is a no-op.
 */
export function importCatalog(db: Database, catalog: CatalogSource, now: () => Date = () => new Date()): { added: number; updated: number } {
  const find = db.prepare<[string], { source_hash: string }>('SELECT source_hash FROM catalog_courses WHERE id = ?');
  const upsert = db.prepare(
    `INSERT INTO catalog_courses (id, source_json, source_hash, imported_at) VALUES (@id, @json, @hash, @at)
     ON CONFLICT(id) DO UPDATE SET source_json = excluded.source_json, source_hash = excluded.source_hash, imported_at = excluded.imported_at`,
  );
  let added = 0;
  let updated = 0;
  db.transaction(() => {
    for (const course of catalog.courses) {
      const creator = catalog.creators.find((c) => c.id === course.creatorId);
      const category = catalog.categories.find((c) => c.id === course.categoryId);
      const json = JSON.stringify({ ...course, creator, category });
      const hash = createHash('sha256').update(json).digest('hex');
      const existing = find.get(course.id);
      if (existing?.source_hash === hash) continue;
      upsert.run({ id: course.id, json, hash, at: now().toISOString() });
      if (existing) updated++;
      else added++;
    }
  }).immediate();
  return { added, updated };
}
