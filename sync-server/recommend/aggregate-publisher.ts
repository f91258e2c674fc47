import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AggregateOptions } from '../../common/recommend/aggregates.js';
import type { Dataset } from '../../common/recommend/dataset.js';
import type { AggregateJob } from './aggregate-worker.js';
import type { SqlDatabase } from '../sql/sql-database.js';

export interface PublishedSnapshot {
  etag: string;
  /** The gzip-compressed snapshot (see common/recommend/aggregate-format.ts). */
  body: Buffer;
  builtAt: number;
}

interface InteractionRow {
  collection: 'ratings' | 'entitlements' | 'progress';
  owner_id: string;
  data: string;
  updated_at: number;
}

/**
 * The recommender's public input: item-level aggregates of every learner's purchases, studying
 * and ratings, built with the protections of `options` and served as one compressed snapshot.
 * Learner ids are used only here, in memory, to group rows; none reaches the snapshot. The
 * snapshot is rebuilt when the data changed and at most every `minIntervalMs`, so that
 * consecutive versions differ by many learners' activity rather than one.
 */
export function createAggregatePublisher(
  db: SqlDatabase,
  options: { protections: AggregateOptions; minIntervalMs: number; now: () => number },
) {
  let current: PublishedSnapshot | undefined;
  let builtFrom = -1;
  let building: Promise<PublishedSnapshot> | undefined;

  async function build(): Promise<PublishedSnapshot> {
    const marker = await db.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM documents');
    const seq = Number(marker?.seq ?? 0);
    if (current && (seq === builtFrom || options.now() - current.builtAt < options.minIntervalMs)) return current;
    const courses = await db.all<{ id: string }>(
      "SELECT id FROM documents WHERE collection = 'courses' AND is_public = 1 AND deleted = 0 ORDER BY id",
    );
    const rows = await db.all<InteractionRow>(
      "SELECT collection, owner_id, data, updated_at FROM documents WHERE collection IN ('ratings', 'entitlements', 'progress') AND deleted = 0 AND owner_id IS NOT NULL ORDER BY updated_at, id",
    );
    const itemIds = courses.map((course) => course.id);
    const items = new Map(itemIds.map((id, i) => [id, i]));
    const learners = new Map<string, number>();
    // One interaction per learner and course: rated if they rated it; the latest activity orders them.
    const interactions = new Map<string, { user: number; item: number; value: number; at: number }>();
    for (const row of rows) {
      const doc = JSON.parse(row.data) as { courseId?: string; stars?: number; revokedAt?: number };
      const item = doc.courseId === undefined ? undefined : items.get(doc.courseId);
      if (item === undefined || (row.collection === 'entitlements' && doc.revokedAt !== undefined)) continue;
      if (!learners.has(row.owner_id)) learners.set(row.owner_id, learners.size);
      const user = learners.get(row.owner_id)!;
      const key = `${user}:${item}`;
      const previous = interactions.get(key);
      const value =
        row.collection === 'ratings' && typeof doc.stars === 'number' ? doc.stars : (previous?.value ?? Number.NaN);
      interactions.set(key, { user, item, value, at: Math.max(previous?.at ?? 0, Number(row.updated_at)) });
    }
    const ordered = [...interactions.values()].sort((a, b) => a.at - b.at);
    const data: Dataset = {
      users: learners.size,
      items: itemIds.length,
      user: Int32Array.from(ordered, (r) => r.user),
      item: Int32Array.from(ordered, (r) => r.item),
      value: Float32Array.from(ordered, (r) => r.value),
      userIds: [],
      itemIds: [],
    };
    const builtAt = options.now();
    const body = Buffer.from(await inWorker({ data, itemIds, protections: options.protections, builtAt }));
    current = { etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`, body, builtAt };
    builtFrom = seq;
    return current;
  }

  return {
    /** The latest snapshot, rebuilt first when due; concurrent callers share one build. */
    snapshot(): Promise<PublishedSnapshot> {
      building ??= build().finally(() => (building = undefined));
      return building;
    },
  };
}

/** The built worker next to the server's bundle, else this source file through tsx (tests). */
function workerEntry(): { url: URL; execArgv?: string[] } {
  for (const candidate of ['./aggregate-worker.js', '../aggregate-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return { url };
  }
  return { url: new URL('./aggregate-worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] };
}

/** Runs one build in a fresh worker thread (builds are minutes apart; nothing to keep warm). */
function inWorker(job: AggregateJob): Promise<Uint8Array> {
  const { url, execArgv } = workerEntry();
  const worker = new Worker(url, execArgv ? { execArgv } : {});
  return new Promise<Uint8Array>((resolve, reject) => {
    worker.once('message', (reply: { ok: true; body: Uint8Array } | { ok: false; error: string }) =>
      reply.ok ? resolve(reply.body) : reject(new Error(reply.error)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The aggregate builder stopped (exit ${code}).`)));
    worker.postMessage(job);
  }).finally(() => void worker.terminate());
}

export type AggregatePublisher = ReturnType<typeof createAggregatePublisher>;
