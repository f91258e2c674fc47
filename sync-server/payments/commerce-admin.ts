import type { z } from 'zod';
import type { EntitlementDoc } from '../../common/collections/index.js';
import type {
  bundleRequestSchema,
  couponRequestSchema,
  revokeRequestSchema,
} from '../../common/server-api/requests.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import { newId } from '../accounts/tokens.js';
import { readEntitlement } from '../data/commerce-tables.js';
import { DomainError } from '../domain/domain-error.js';
import type { DocumentStore } from '../replication/document-store.js';
import type { SqlClient, SqlDatabase } from '../sql/sql-database.js';
import { addGrant, endGrant } from './entitlements.js';

type Bundle = z.output<typeof bundleRequestSchema>;
type Coupon = z.output<typeof couponRequestSchema>;

/** Administration of commerce: grants and revocations by hand (institutions, support), bundles and coupons. */
export function commerceAdmin(deps: {
  db: SqlDatabase;
  documents: DocumentStore;
  signer: EntitlementSigner;
  now: () => number;
}) {
  const { db, documents, signer, now } = deps;
  const publishedCourse = async (client: SqlClient, courseId: string) =>
    (await client.get("SELECT id FROM documents WHERE collection = 'courses' AND id = ? AND is_public = 1", [
      courseId,
    ])) !== undefined;

  return {
    async grant(userId: string, courseId: string): Promise<EntitlementDoc | undefined> {
      await documents.serverTransaction(async (tx, write) => {
        if (!(await tx.get('SELECT id FROM users WHERE id = ?', [userId])))
          throw new DomainError('NOT_FOUND', 'No such user.');
        if (!(await publishedCourse(tx, courseId))) throw new DomainError('NOT_FOUND', 'No such course.');
        await addGrant(tx, signer, write, { userId, courseId, source: 'grant', ref: 'admin' }, now());
      });
      return readEntitlement(db, userId, courseId);
    },

    async revoke({ userId, courseId, source }: z.output<typeof revokeRequestSchema>) {
      await documents.serverTransaction(async (tx, write) => {
        const grants = await tx.all<{ source: EntitlementDoc['source']; source_ref: string }>(
          'SELECT source, source_ref FROM entitlement_grants WHERE user_id = ? AND course_id = ? AND revoked_at IS NULL',
          [userId, courseId],
        );
        const ending = grants.filter((grant) => source === 'all' || grant.source === 'grant');
        if (ending.length === 0)
          throw new DomainError(
            'NOT_FOUND',
            source === 'all' ? 'No such entitlement.' : 'No administrator grant of this course to this learner.',
          );
        for (const grant of ending)
          await endGrant(tx, signer, write, { userId, courseId, source: grant.source, ref: grant.source_ref }, now());
      });
      return readEntitlement(db, userId, courseId);
    },

    async createBundle(bundle: Bundle): Promise<Bundle & { id: string }> {
      for (const courseId of bundle.courseIds)
        if (!(await publishedCourse(db, courseId)))
          throw new DomainError('NOT_FOUND', `No published course ${courseId}.`);
      const id = `bundle_${newId('b').slice(2)}`;
      await db.run(
        'INSERT INTO bundles (id, title, course_ids, price_amount, currency, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [id, bundle.title, JSON.stringify([...new Set(bundle.courseIds)]), bundle.priceAmount, bundle.currency, now()],
      );
      return { id, ...bundle };
    },

    async createCoupon(coupon: Coupon): Promise<Coupon> {
      const inserted = await db.run(
        'INSERT INTO coupons (code, kind, value, currency, valid_from, valid_until, max_redemptions, max_per_learner, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING',
        [
          coupon.code,
          coupon.kind,
          coupon.value,
          coupon.currency ?? null,
          coupon.validFrom,
          coupon.validUntil,
          coupon.maxRedemptions,
          coupon.maxPerLearner,
          now(),
        ],
      );
      if (inserted.changes === 0) throw new DomainError('CONFLICT', 'A coupon with this code exists.');
      return coupon;
    },
  };
}

export type CommerceAdmin = ReturnType<typeof commerceAdmin>;
