import type { RxJsonSchema } from 'rxdb';
import { currency, id, minorUnits, optionalTimestamp, shortText, timestamp } from './shared-fields.js';

/** What a membership opens: every course of one creator, chosen courses, or every course (the platform's). */
export type MembershipScope =
  { kind: 'creator'; creatorId: string } | { kind: 'courses'; courseIds: string[] } | { kind: 'all' };

export interface EntitlementDoc {
  id: string;
  userId: string;
  /** The course; for a membership, `membership-<planId>` (it opens the courses its scope names). */
  courseId: string;
  source: 'purchase' | 'grant' | 'redeem' | 'free' | 'membership';
  orderId?: string;
  grantedAt: number;
  /** Set when a refund or an admin takes access away; the document stays as a record. */
  revokedAt?: number;
  /** A membership's: paid through this time (ms); access ends then unless it renews. */
  validUntil?: number;
  /** A membership that will renew: a device offline past `validUntil` keeps it for the offline grace. */
  renews?: boolean;
  /** A membership's: which courses it opens. */
  scope?: MembershipScope;
  planId?: string;
  /** The server's signature over the entitlement, checked offline by the client. */
  signature: string;
  updatedAt: number;
}

/** Who owns which course. Written only by the server, read only by its owner. */
export const entitlementSchema: RxJsonSchema<EntitlementDoc> = {
  title: 'entitlement',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    userId: id,
    courseId: id,
    source: { type: 'string', enum: ['purchase', 'grant', 'redeem', 'free', 'membership'] },
    orderId: shortText(100),
    grantedAt: timestamp,
    revokedAt: optionalTimestamp,
    validUntil: optionalTimestamp,
    renews: { type: 'boolean' },
    scope: {
      type: 'object',
      properties: {
        kind: { type: 'string', enum: ['creator', 'courses', 'all'] },
        creatorId: id,
        courseIds: { type: 'array', maxItems: 500, items: id },
      },
      required: ['kind'],
      additionalProperties: false,
    },
    planId: shortText(100),
    signature: { type: 'string', maxLength: 1024 },
    updatedAt: timestamp,
  },
  required: ['id', 'userId', 'courseId', 'source', 'grantedAt', 'signature', 'updatedAt'],
  indexes: ['courseId', 'updatedAt'],
};

export interface OrderDoc {
  id: string;
  userId: string;
  status: 'pending' | 'paid' | 'partially_refunded' | 'refunded' | 'expired' | 'failed';
  items: { courseId: string; amount: number; currency: 'CNY' | 'USD' | 'EUR'; refunded: boolean }[];
  totalAmount: number;
  currency: 'CNY' | 'USD' | 'EUR';
  receiptUrl?: string;
  /** True for the local test checkout of the embedded default, never for real money. */
  testMode: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A learner's orders. Written only by the server, read only by their owner. */
export const orderSchema: RxJsonSchema<OrderDoc> = {
  title: 'order',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    userId: id,
    status: {
      type: 'string',
      enum: ['pending', 'paid', 'partially_refunded', 'refunded', 'expired', 'failed'],
      maxLength: 20,
    },
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: { courseId: id, amount: minorUnits, currency, refunded: { type: 'boolean' } },
        required: ['courseId', 'amount', 'currency', 'refunded'],
      },
    },
    totalAmount: minorUnits,
    currency,
    receiptUrl: { type: 'string', maxLength: 2048 },
    testMode: { type: 'boolean' },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
  required: ['id', 'userId', 'status', 'items', 'totalAmount', 'currency', 'testMode', 'createdAt', 'updatedAt'],
  indexes: ['createdAt', ['status', 'createdAt']],
};
