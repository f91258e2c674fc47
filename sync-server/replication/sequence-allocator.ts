import type pg from 'pg';
import type { SqlClient } from '../sql/sql-database.js';

/**
 * Sequence numbers for document writes, and the rule that keeps pulls from skipping any.
 *
 * The invariant: no document may become visible with a sequence number below a checkpoint
 * already handed out. With one SQLite writer it holds by itself (writes are serialized and
 * take their numbers inside the transaction). With several servers on PostgreSQL, a
 * transaction that took number 5 may commit after one that took 6; a reader that saw 6
 * would hand out checkpoint 6 and never see 5. So on PostgreSQL each number is first
 * *leased*: committed to `seq_leases` before the document transaction uses it, and removed
 * in the same transaction that writes the documents. Pulls only return documents below the
 * smallest live lease. Leases are taken one allocation at a time (an advisory lock), so a
 * snapshot that sees a document with number n also sees every lease below n.
 */
export interface SequenceAllocator {
  begin(): SequenceSession;
  /** SQL appended to pull's WHERE clause (on `documents.seq`). */
  readonly visibilityCap: string;
}

export interface SequenceSession {
  take(tx: SqlClient, count: number): Promise<number[]>;
  /** Last statement of the write transaction: gives the leases back, or fails if one expired. */
  settle(tx: SqlClient): Promise<void>;
  /**
   * After the transaction, committed or not: drops any lease still held (a rolled-back write).
   * A lease that cannot be dropped now (the database is away) is dropped as soon as it can be.
   */
  release(committed: boolean): Promise<void>;
}

export function sqliteSequenceAllocator(): SequenceAllocator {
  return {
    visibilityCap: '',
    begin: () => ({
      async take(tx, count) {
        const row = await tx.get<{ value: number }>(
          "UPDATE sequences SET value = value + ? WHERE name = 'documents' RETURNING value",
          [count],
        );
        const last = Number(row!.value);
        return Array.from({ length: count }, (_, i) => last - count + 1 + i);
      },
      settle: async () => undefined,
      release: async () => undefined,
    }),
  };
}

/** A lease older than this no longer caps pulls; transactions are cut off well before (statement and idle timeouts of 20 s). */
export const LEASE_SECONDS = 60;
/** A writer whose lease is older than this gives up and retries, so it never commits under an expired lease. */
const SETTLE_WITHIN_SECONDS = 45;
const ALLOCATION_LOCK = 7_410_002;

/**
 * `onCapLifted` is told when a lease of a write that did not commit is dropped: documents above it
 * became visible with no notice of their own (their notices went out while the lease still capped
 * pulls), so devices must re-pull.
 */
export function postgresSequenceAllocator(
  pool: pg.Pool,
  options: { onCapLifted?: () => void; onLeaseStuck?: (seqs: number[], error: unknown) => void; retryMs?: number } = {},
): SequenceAllocator {
  // Leases of failed writes that could not be dropped at once (PostgreSQL went away mid-write).
  const orphans = new Set<number>();
  let retrying: NodeJS.Timeout | undefined;
  const dropOrphans = () => {
    retrying = undefined;
    const seqs = [...orphans];
    pool.query('DELETE FROM seq_leases WHERE seq = ANY($1)', [seqs]).then(
      () => {
        seqs.forEach((seq) => orphans.delete(seq));
        options.onCapLifted?.();
      },
      (error: unknown) => {
        options.onLeaseStuck?.(seqs, error);
        retrying = setTimeout(dropOrphans, options.retryMs ?? 500);
        retrying.unref();
      },
    );
  };
  return {
    visibilityCap: ` AND seq < COALESCE((SELECT MIN(seq) FROM seq_leases WHERE taken_at > clock_timestamp() - interval '${LEASE_SECONDS} seconds'), 9223372036854775807)`,
    begin() {
      const held: number[] = [];
      return {
        async take(_tx, count) {
          const connection = await pool.connect();
          try {
            await connection.query('BEGIN');
            await connection.query('SELECT pg_advisory_xact_lock($1)', [ALLOCATION_LOCK]);
            const result = await connection.query<{ seq: number }>(
              "INSERT INTO seq_leases (seq) SELECT nextval('document_sequence_numbers') FROM generate_series(1, $1) RETURNING seq",
              [count],
            );
            await connection.query('COMMIT');
            const seqs = result.rows.map((row) => Number(row.seq)).sort((a, b) => a - b);
            held.push(...seqs);
            return seqs;
          } catch (error) {
            await connection.query('ROLLBACK').catch(() => undefined);
            throw error;
          } finally {
            connection.release();
          }
        },
        async settle(tx) {
          if (held.length === 0) return;
          const removed = await tx.run(
            `DELETE FROM seq_leases WHERE seq = ANY(?) AND taken_at > clock_timestamp() - interval '${SETTLE_WITHIN_SECONDS} seconds'`,
            [held],
          );
          if (removed.changes !== held.length)
            throw new Error('A sequence lease expired before the write committed; the write was rolled back.');
        },
        async release(committed) {
          if (held.length === 0) return;
          try {
            await pool.query('DELETE FROM seq_leases WHERE seq = ANY($1)', [held]);
          } catch (error) {
            // Left in place, it would hide every later document from pulls until it expires, and
            // nothing would tell devices to pull again then: drop it as soon as PostgreSQL answers.
            options.onLeaseStuck?.(held, error);
            held.forEach((seq) => orphans.add(seq));
            retrying ??= setTimeout(dropOrphans, options.retryMs ?? 500);
            retrying.unref();
            return;
          }
          if (!committed) options.onCapLifted?.();
        },
      };
    },
  };
}
