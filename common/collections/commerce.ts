import type { RxJsonSchema } from 'rxdb';
import { currency, id, minorUnits, optionalTimestamp, shortText, timestamp } from './shared-fields.js';

export interface EntitlementDoc {
  id: string;
  userId: string;
  courseId: string;
  source: 'purchase' | 'grant' | 'redeem' | 'free';
  orderId?: string;
  grantedAt: number;
  /** Set when a refund or an admin takes access away; the document stays as a record. */
  revokedAt?: number;
  /** The server's signature over the entitlement, checked offline by the client. */
  signature: string;
  updatedAt: number;
}

/** Who owns which course. Written only by the server, read only by its owner. */
export const entitlementSchema: RxJsonSchema<EntitlementDoc> = {
  title: 'entitlement',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    userId: id,
    courseId: id,
    source: { type: 'string', enum: ['purchase', 'grant', 'redeem', 'free'] },
    orderId: shortText(100),
    grantedAt: timestamp,
    revokedAt: optionalTimestamp,
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
