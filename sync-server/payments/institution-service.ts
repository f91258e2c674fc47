import { randomInt } from 'node:crypto';
import type { SeatPoolView } from '../../common/contract/institution.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import type { AccessClaims } from '../accounts/tokens.js';
import { newId } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import type { DocumentStore } from '../replication/document-store.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import { addGrant, endGrant, holdsCourse } from './entitlements.js';

/** Codes are typed by people: no 0/O or 1/I/L. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const newCode = () =>
  Array.from(
    { length: 12 },
    (_, i) => (i > 0 && i % 4 === 0 ? '-' : '') + CODE_ALPHABET[randomInt(CODE_ALPHABET.length)],
  ).join('');

export interface InstitutionService {
  grantSeats(input: {
    institution: string;
    managerId: string;
    courseId: string;
    seats: number;
  }): Promise<{ poolId: string }>;
  createCodes(
    caller: AccessClaims,
    poolId: string,
    input: { count: number; maxUses: number; expiresAt?: number | undefined },
  ): Promise<string[]>;
  /** Gives the caller the pool's course, once per code and user, never beyond the code's uses or the pool's seats. */
  redeem(caller: AccessClaims, code: string): Promise<{ courseId: string }>;
  /**
   * Moves a seat from a learner who left to another: the first loses the course, the second
   * gets it, the pool's count is unchanged. Two reassignments of one seat: exactly one wins.
   */
  reassign(
    caller: AccessClaims,
    poolId: string,
    move: { fromUserId: string; toUserId: string },
  ): Promise<{ courseId: string }>;
  /** The pools the caller manages, with who holds their seats. */
  myPools(caller: AccessClaims): Promise<SeatPoolView[]>;
}

export function createInstitutionService(deps: {
  db: SqlDatabase;
  documents: DocumentStore;
  signer: EntitlementSigner;
  now: () => number;
}): InstitutionService {
  const { db } = deps;
  return {
    async grantSeats({ institution, managerId, courseId, seats }) {
      const course = await db.get(
        "SELECT id FROM documents WHERE collection = 'courses' AND id = ? AND is_public = 1",
        [courseId],
      );
      if (!course) throw new DomainError('NOT_FOUND', 'No such course.');
      if (!(await db.get('SELECT id FROM users WHERE id = ?', [managerId])))
        throw new DomainError('NOT_FOUND', 'No such user.');
      const poolId = newId('pool');
      await db.run(
        'INSERT INTO seat_pools (id, institution, manager_id, course_id, seats_total, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [poolId, institution, managerId, courseId, seats, deps.now()],
      );
      return { poolId };
    },

    async createCodes(caller, poolId, { count, maxUses, expiresAt }) {
      const pool = await db.get<{ manager_id: string }>('SELECT manager_id FROM seat_pools WHERE id = ?', [poolId]);
      if (!pool || (pool.manager_id !== caller.userId && caller.role !== 'admin'))
        throw new DomainError('NOT_FOUND', 'No such seat pool of yours.');
      const codes = Array.from({ length: count }, newCode);
      await db.transaction(async (tx) => {
        for (const code of codes)
          await tx.run(
            'INSERT INTO redeem_codes (code, pool_id, max_uses, expires_at, created_at) VALUES (?, ?, ?, ?, ?)',
            [code, poolId, maxUses, expiresAt ?? null, deps.now()],
          );
      });
      return codes;
    },

    async redeem(caller, rawCode) {
      const code = rawCode.trim().toUpperCase();
      return deps.documents.serverTransaction(async (tx, write) => {
        const now = deps.now();
        const found = await tx.get<{ pool_id: string; course_id: string; expires_at: number | null }>(
          'SELECT c.pool_id, p.course_id, c.expires_at FROM redeem_codes c JOIN seat_pools p ON p.id = c.pool_id WHERE c.code = ?',
          [code],
        );
        if (!found) throw new DomainError('NOT_FOUND', 'This code does not exist.');
        if (found.expires_at !== null && Number(found.expires_at) <= now)
          throw new DomainError('INVALID_INPUT', 'This code has expired.');
        // Each step is a conditional update: under concurrent redemptions, the database counts.
        const once = await tx.run(
          'INSERT INTO redemptions (code, user_id, redeemed_at) VALUES (?, ?, ?) ON CONFLICT (code, user_id) DO NOTHING',
          [code, caller.userId, now],
        );
        if (once.changes === 0) throw new DomainError('CONFLICT', 'You already redeemed this code.');
        const use = await tx.run('UPDATE redeem_codes SET uses = uses + 1 WHERE code = ? AND uses < max_uses', [code]);
        if (use.changes === 0) throw new DomainError('CONFLICT', 'This code has been used up.');
        const seat = await tx.run(
          'UPDATE seat_pools SET seats_used = seats_used + 1 WHERE id = ? AND seats_used < seats_total',
          [found.pool_id],
        );
        if (seat.changes === 0) throw new DomainError('CONFLICT', 'The institution has no seats left for this course.');
        if (await holdsCourse(tx, caller.userId, found.course_id))
          throw new DomainError('CONFLICT', 'You already own this course.');
        await addGrant(
          tx,
          deps.signer,
          write,
          { userId: caller.userId, courseId: found.course_id, source: 'redeem', ref: found.pool_id },
          now,
        );
        return { courseId: found.course_id };
      });
    },

    async myPools(caller) {
      const pools = await db.all<{
        id: string;
        institution: string;
        course_id: string;
        seats_total: number;
        seats_used: number;
      }>(
        'SELECT id, institution, course_id, seats_total, seats_used FROM seat_pools WHERE manager_id = ? ORDER BY created_at',
        [caller.userId],
      );
      const views: SeatPoolView[] = [];
      for (const pool of pools) {
        const holders = await db.all<{ user_id: string; display_name: string; email: string; redeemed_at: number }>(
          'SELECT r.user_id, u.display_name, u.email, r.redeemed_at FROM redemptions r JOIN redeem_codes c ON c.code = r.code JOIN users u ON u.id = r.user_id WHERE c.pool_id = ? ORDER BY u.display_name',
          [pool.id],
        );
        views.push({
          poolId: pool.id,
          institution: pool.institution,
          courseId: pool.course_id,
          seatsTotal: Number(pool.seats_total),
          seatsUsed: Number(pool.seats_used),
          holders: holders.map((h) => ({
            userId: h.user_id,
            displayName: h.display_name,
            email: h.email,
            since: Number(h.redeemed_at),
          })),
        });
      }
      return views;
    },

    async reassign(caller, poolId, { fromUserId, toUserId }) {
      if (fromUserId === toUserId)
        throw new DomainError('INVALID_INPUT', 'Choose another learner to give the seat to.');
      const pool = await db.get<{ manager_id: string; course_id: string }>(
        'SELECT manager_id, course_id FROM seat_pools WHERE id = ?',
        [poolId],
      );
      if (!pool || (pool.manager_id !== caller.userId && caller.role !== 'admin'))
        throw new DomainError('NOT_FOUND', 'No such seat pool of yours.');
      if (!(await db.get('SELECT id FROM users WHERE id = ?', [toUserId])))
        throw new DomainError('NOT_FOUND', 'No such learner to give the seat to.');
      return deps.documents.serverTransaction(async (tx, write) => {
        const now = deps.now();
        const seat = await tx.get<{ code: string }>(
          'SELECT r.code FROM redemptions r JOIN redeem_codes c ON c.code = r.code WHERE c.pool_id = ? AND r.user_id = ?',
          [poolId, fromUserId],
        );
        if (!seat) throw new DomainError('NOT_FOUND', 'This learner holds no seat of this pool.');
        const taken = await tx.get(
          'SELECT 1 AS one FROM redemptions r JOIN redeem_codes c ON c.code = r.code WHERE c.pool_id = ? AND r.user_id = ?',
          [poolId, toUserId],
        );
        if (taken) throw new DomainError('CONFLICT', 'That learner already holds a seat of this pool.');
        // The seat leaves its holder first: of two concurrent moves, only one finds it.
        const released = await tx.run('DELETE FROM redemptions WHERE code = ? AND user_id = ?', [
          seat.code,
          fromUserId,
        ]);
        if (released.changes === 0) throw new DomainError('CONFLICT', 'This seat was just reassigned.');
        const moved = await tx.run(
          'INSERT INTO redemptions (code, user_id, redeemed_at) VALUES (?, ?, ?) ON CONFLICT (code, user_id) DO NOTHING',
          [seat.code, toUserId, now],
        );
        if (moved.changes === 0) throw new DomainError('CONFLICT', 'That learner already holds a seat of this pool.');
        // Only the seat's own grant moves: a learner who also bought the course (or was granted it) keeps it.
        const seatOf = (userId: string, ref: string) => ({
          userId,
          courseId: pool.course_id,
          source: 'redeem' as const,
          ref,
        });
        if (!(await endGrant(tx, deps.signer, write, seatOf(fromUserId, poolId), now)))
          await endGrant(tx, deps.signer, write, seatOf(fromUserId, 'redeem'), now);
        await addGrant(tx, deps.signer, write, seatOf(toUserId, poolId), now);
        return { courseId: pool.course_id };
      });
    },
  };
}
