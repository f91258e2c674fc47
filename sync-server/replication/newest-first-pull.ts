import type { PullCheckpoint } from '../../common/server-api/replication.js';
import type { SqlClient } from '../sql/sql-database.js';
import { pageBody } from './page-body.js';

/**
 * One page of a pull that goes newest first: a new device's first pull of the catalogue, so its
 * storefront (newest first) is right from the first page instead of after the platform's every
 * course. The first page (no `below`) starts at the newest row the caller may read; its `seq`
 * becomes the checkpoint's, and each page continues below the last. The pass ends with a page
 * that carries no `below`: the device then pulls on oldest first from `seq`, so what changed
 * during the pass (stored with a higher seq) comes next. A row is one version of a document:
 * one changed during the pass moves above `seq` and is not missed.
 *
 * RxDB ends a pull on a page shorter than its batch and ignores an empty page's checkpoint, so a
 * page reads one row beyond the limit: when no row is left below, this page ends the pass even
 * when it is full.
 */
export async function pullNewestFirst(
  db: SqlClient,
  filter: { where: string; params: unknown[] },
  checkpoint: { seq: number; below?: number },
  limit: number,
): Promise<Buffer> {
  const below = checkpoint.below === undefined ? '' : ' AND seq < ?';
  const rows = await db.all<{ seq: number | string; data: string }>(
    `SELECT seq, data FROM documents WHERE ${filter.where}${below} ORDER BY seq DESC LIMIT ?`,
    [...filter.params, ...(checkpoint.below === undefined ? [] : [checkpoint.below]), limit + 1],
  );
  const page = rows.slice(0, limit);
  const top = checkpoint.below === undefined ? Number(page[0]?.seq ?? 0) : checkpoint.seq;
  const next: PullCheckpoint = rows.length > limit ? { seq: top, below: Number(page.at(-1)!.seq) } : { seq: top };
  return pageBody(page, next);
}
