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
  })
  .strict()
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

/** A held-lessons pull's checkpoint as the server reads it from the query. */
export function heldCheckpointOf(query: z.infer<typeof pullQuerySchema>): PullCheckpoint {
  return {
    seq: query.seq,
    scope: query.scope ?? 0,
    ...(query.fillTo !== undefined ? { fill: { to: query.fillTo, after: query.fillAfter ?? 0 } } : {}),
  };
}

/** The query string that asks for the page after `checkpoint` (held-lessons pulls carry their scope). */
export function pullQueryString(checkpoint: PullCheckpoint | undefined, limit: number, held: boolean): string {
  const parts = [`seq=${checkpoint?.seq ?? 0}`, `limit=${limit}`];
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
