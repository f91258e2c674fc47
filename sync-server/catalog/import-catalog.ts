import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { catalogSourceSchema, type CatalogSource } from '../../common/catalog/catalog-source.js';
import type { SqlDatabase } from '../sql/sql-database.js';

export class CatalogError extends Error {
  override name = 'CatalogError';
}

export function readCatalogFile(path: string): CatalogSource {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CatalogError(
      `Cannot read the catalog at ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = catalogSourceSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new CatalogError(`The catalog at ${path} is not valid: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/**
 * Records every course of a catalog as authored, in one transaction: new courses are
 * added, changed ones replaced, unchanged ones left alone, so a re-import is a no-op.
 */
export async function importCatalog(
  db: SqlDatabase,
  catalog: CatalogSource,
  now: () => Date = () => new Date(),
): Promise<{ added: number; updated: number }> {
  return db.transaction(async (tx) => {
    let added = 0;
    let updated = 0;
    for (const course of catalog.courses) {
      const creator = catalog.creators.find((c) => c.id === course.creatorId);
      const category = catalog.categories.find((c) => c.id === course.categoryId);
      const json = JSON.stringify({ ...course, creator, category });
      const hash = createHash('sha256').update(json).digest('hex');
      const existing = await tx.get<{ source_hash: string }>('SELECT source_hash FROM catalog_courses WHERE id = ?', [
        course.id,
      ]);
      if (existing?.source_hash === hash) continue;
      await tx.run(
        `INSERT INTO catalog_courses (id, source_json, source_hash, imported_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET source_json = excluded.source_json, source_hash = excluded.source_hash, imported_at = excluded.imported_at`,
        [course.id, json, hash, now().toISOString()],
      );
      if (existing) updated++;
      else added++;
    }
    return { added, updated };
  });
}
