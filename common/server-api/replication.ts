import { z } from 'zod';

/**
 * Documents a device asks for per pull, the most a pull returns: large pages, since a first sync
 * of a big catalogue is bounded by round trips and commits.
 */
export const PULL_PAGE_LIMIT = 1000;

const seqNumber = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * Where a pull stands. `seq` is the server's sequence number of the last document returned.
 * Held pulls (`held=1`: lessons, and course summaries) add `scope`, the version of the caller's held courses the device
 * has every lesson of, and while a course joined since is being filled in, `fill`: up to which
 * version (`to`) and after which sequence number (`after`) its older lessons continue.
 */
export const pullCheckpointSchema = z
  .object({
    seq: z.number().int().min(0),
    scope: z.number().int().min(0).optional(),
    fill: z
      .object({ to: z.number().int().min(1), after: z.number().int().min(0) })
      .strict()
      .optional(),
    /**
     * While a first pull goes newest first (`newest=1`), the sequence number its next page is
     * below; `seq` is then the newest it started from, where the pull goes on oldest first.
     */
    below: z.number().int().min(1).optional(),
  })
  .strict();
export type PullCheckpoint = z.infer<typeof pullCheckpointSchema>;

/** The replication wire format (RxDB's HTTP replication protocol), shared with the client. */
export const pullQuerySchema = z
  .object({
    seq: seqNumber.default(0),
    limit: z.coerce.number().int().min(1).max(PULL_PAGE_LIMIT).default(200),
    /** Lessons and courses: just those of the courses the caller holds (bought, started or wrote). */
    held: z.literal('1').optional(),
    scope: seqNumber.optional(),
    fillTo: seqNumber.optional(),
    fillAfter: seqNumber.optional(),
    /**
     * A first pull (seq 0), or one continuing it (`below`), newest first: a new laptop's catalogue
     * shows its newest courses from the first page, not the platform's oldest.
     */
    newest: z.literal('1').optional(),
    below: seqNumber.optional(),
  })
  .strict()
  .refine((query) => query.newest === undefined || query.held === undefined, {
    message: 'newest-first pulls are of whole collections, not held ones',
  })
  .refine((query) => query.below === undefined || (query.newest === '1' && query.below <= query.seq), {
    message: 'below belongs to newest-first pulls (newest=1) and cannot be above seq',
  })
  .refine((query) => (query.fillTo === undefined) === (query.fillAfter === undefined), {
    message: 'fillTo and fillAfter go together',
  })
  .refine((query) => query.held === '1' || (query.scope === undefined && query.fillTo === undefined), {
    message: 'scope and fill belong to held-lessons pulls (held=1)',
  })
  .refine((query) => query.fillTo === undefined || query.fillTo > (query.scope ?? 0), {
    message: 'fillTo must be above scope',
  })
  .refine((query) => query.fillAfter === undefined || query.fillAfter <= query.seq, {
    message: 'fillAfter cannot be past seq',
  });

/**
 * How far a pull has come, growing page after page (a pull pacer waits on it): a newest-first
 * pass counts down from its start, then the pull goes on up from there.
 */
export const pullProgress = (checkpoint: PullCheckpoint | undefined): number =>
  checkpoint === undefined ? 0 : checkpoint.below !== undefined ? checkpoint.seq - checkpoint.below : checkpoint.seq;

/** A held-lessons pull's checkpoint as the server reads it from the query. */
export function heldCheckpointOf(query: z.infer<typeof pullQuerySchema>): PullCheckpoint {
  return {
    seq: query.seq,
    scope: query.scope ?? 0,
    ...(query.fillTo !== undefined ? { fill: { to: query.fillTo, after: query.fillAfter ?? 0 } } : {}),
  };
}

/**
 * The query string that asks for the page after `checkpoint`: held pulls carry their scope; a
 * pull that may go `newestFirst` does so from the start and while its checkpoint says it is.
 */
export function pullQueryString(
  checkpoint: PullCheckpoint | undefined,
  limit: number,
  held: boolean,
  newestFirst = false,
): string {
  const parts = [`seq=${checkpoint?.seq ?? 0}`, `limit=${limit}`];
  if (newestFirst && !held && (!checkpoint?.seq || checkpoint.below !== undefined)) {
    parts.push('newest=1');
    if (checkpoint?.below !== undefined) parts.push(`below=${checkpoint.below}`);
  }
  if (held) {
    parts.push('held=1', `scope=${checkpoint?.scope ?? 0}`);
    if (checkpoint?.fill) parts.push(`fillTo=${checkpoint.fill.to}`, `fillAfter=${checkpoint.fill.after}`);
  }
  return parts.join('&');
}

const documentSchema = z.record(z.string(), z.unknown());

export const MAX_PUSH_ROWS = 500;

export const pushBodySchema = z
  .array(
    z.object({ assumedMasterState: documentSchema.nullable().optional(), newDocumentState: documentSchema }).strict(),
  )
  .min(1)
  .max(MAX_PUSH_ROWS);

export interface PullResponse<Doc = Record<string, unknown>> {
  documents: (Doc & { _deleted: boolean })[];
  /** Where the pull stands; pass it back (pullQueryString). */
  checkpoint: PullCheckpoint;
}

/** Master states of the rows that conflicted; an empty array means every row was written. */
export type PushResponse<Doc = Record<string, unknown>> = (Doc & { _deleted: boolean })[];

/** Server-sent events on `/v1/sync/stream`: `RESYNC` after (re)connecting, `change` after a commit. */
export interface ChangeEventData {
  collections: string[];
}
