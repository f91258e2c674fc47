import type { RxJsonSchema } from 'rxdb';
import { id, timestamp } from './shared-fields.js';

export interface RatingSignalDoc {
  id: string;
  /** A pseudonym the server derives per learner; it identifies no one and is not the user id. */
  pseudonym: string;
  courseId: string;
  /** 1–5 for an explicit rating; purchases and completions arrive as implicit signals. */
  value: number;
  kind: 'rating' | 'purchase' | 'completion';
  updatedAt: number;
}

/** The rating matrix the on-device recommender learns from. Written by the server, read by every device. */
export const ratingSignalSchema: RxJsonSchema<RatingSignalDoc> = {
  title: 'rating signal',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    pseudonym: { type: 'string', maxLength: 64 },
    courseId: id,
    value: { type: 'number', minimum: 0, maximum: 5 },
    kind: { type: 'string', enum: ['rating', 'purchase', 'completion'] },
    updatedAt: timestamp,
  },
  required: ['id', 'pseudonym', 'courseId', 'value', 'kind', 'updatedAt'],
  indexes: ['courseId', 'pseudonym', 'updatedAt'],
};

export interface LocalStateDoc {
  /** A namespaced key such as `download:<lessonId>` or `ui:lastScreen`. */
  id: string;
  value: unknown;
  updatedAt: number;
}

/** State of this device only (downloads, UI memory, replication bookkeeping). Never replicated. */
export const localStateSchema: RxJsonSchema<LocalStateDoc> = {
  title: 'local state',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    value: {},
    updatedAt: timestamp,
  },
  required: ['id', 'value', 'updatedAt'],
  indexes: ['updatedAt'],
};
