import type { RxJsonSchema } from 'rxdb';
import { timestamp } from './shared-fields.js';

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
