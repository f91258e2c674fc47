import {
  getStartIndexStringFromLowerBound,
  getStartIndexStringFromUpperBound,
  type PreparedQuery,
  type RxDocumentData,
  type RxJsonSchema,
} from 'rxdb';
import type { CollectionTables } from './collection-tables.js';
import { toIndexKey } from './index-keys.js';

export interface IndexRange {
  column: string;
  /** `col >= ?` or `col > ?` … as SQL, with its two parameters. */
  where: string;
  params: [Buffer, Buffer];
}

/**
 * Turns RxDB's query plan into an SQL range over one index column, with the same bounds
 * and inclusiveness the memory storage uses, so both storages visit the same rows.
 */
export function indexRangeFor<RxDocType>(
  schema: RxJsonSchema<RxDocumentData<RxDocType>>,
  tables: CollectionTables,
  plan: PreparedQuery<RxDocType>['queryPlan'],
): IndexRange {
  const index = plan.index;
  const column = tables.indexColumn(index);
  const lower = getStartIndexStringFromLowerBound(schema, index, plan.startKeys);
  const upper = getStartIndexStringFromUpperBound(schema, index, plan.endKeys);
  const where = `${column} ${plan.inclusiveStart ? '>=' : '>'} ? AND ${column} ${plan.inclusiveEnd ? '<=' : '<'} ?`;
  return { column, where, params: [toIndexKey(lower), toIndexKey(upper)] };
}
