/** A replicated document as stored and sent: its fields, and `_deleted` for RxDB's tombstones. */
export type Doc = Record<string, unknown> & { _deleted?: boolean };

/** Where a stored document sits: who owns it and whether everyone may read it. */
export interface Placement {
  ownerId: string | null;
  isPublic: boolean;
}
