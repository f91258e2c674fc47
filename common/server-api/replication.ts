import { z } from 'zod';

/**
 * Documents a device asks for per pull, the most a pull returns: large pages, since a first sync
 * of a big catalogue is bounded by round trips and commits.
 */
export const PULL_PAGE_LIMIT = 1000;

/** The replication wire format (RxDB's HTTP replication protocol), shared with the client. */
export const pullQuerySchema = z
  .object({
    seq: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    limit: z.coerce.number().int().min(1).max(PULL_PAGE_LIMIT).default(200),
  })
  .strict();

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
  /** The server's sequence number of the last document returned; pass it back as `seq`. */
  checkpoint: { seq: number };
}

/** Master states of the rows that conflicted; an empty array means every row was written. */
export type PushResponse<Doc = Record<string, unknown>> = (Doc & { _deleted: boolean })[];

/** Server-sent events on `/v1/sync/stream`: `RESYNC` after (re)connecting, `change` after a commit. */
export interface ChangeEventData {
  collections: string[];
}
