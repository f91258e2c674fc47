import {
  ensureRxStorageInstanceParamsAreCorrect,
  getIndexableStringMonad,
  RXDB_VERSION,
  type RxDocumentData,
  type RxStorage,
  type RxStorageInstanceCreationParams,
} from 'rxdb';
import { ensureCollectionTables, rebuildIndexKeys } from './collection-tables.js';
import { INDEX_KEY_FORMAT, toIndexKey } from './index-keys.js';
import { newChangeSubject, RxStorageInstanceBetterSqlite3 } from './rx-storage-instance-better-sqlite3.js';
import { acquireSqliteFile, releaseSqliteFile } from './sqlite-file.js';
import type {
  BetterSqlite3InstanceOptions,
  BetterSqlite3Internals,
  BetterSqlite3StorageOptions,
  SharedCollectionState,
} from './types.js';

export const RX_STORAGE_NAME_BETTER_SQLITE3 = 'better-sqlite3';

/**
 * Change streams per collection of a file, for the whole process — like the file itself
 * (sqlite-file.ts). RxDB's storage contract expects instances on the same data to see each
 * other's changes, whichever storage object made them; one map per storage object would let
 * two storages on one directory share rows but not changes, and one side's live queries
 * would go stale.
 */
const sharedStates = new Map<string, SharedCollectionState<unknown>>();

export class RxStorageBetterSqlite3 implements RxStorage<BetterSqlite3Internals, BetterSqlite3InstanceOptions> {
  readonly name = RX_STORAGE_NAME_BETTER_SQLITE3;
  readonly rxdbVersion = RXDB_VERSION;

  constructor(readonly settings: Required<BetterSqlite3StorageOptions>) {}

  async createStorageInstance<RxDocType>(
    params: RxStorageInstanceCreationParams<RxDocType, BetterSqlite3InstanceOptions>,
  ): Promise<RxStorageInstanceBetterSqlite3<RxDocType>> {
    ensureRxStorageInstanceParamsAreCorrect(params);
    const file = acquireSqliteFile(
      this.settings.directory,
      params.databaseName,
      this.settings.synchronous,
      this.settings.fileName || undefined,
    );
    try {
      const tables = ensureCollectionTables(file, params.collectionName, params.schema);
      const key = `${file.path}\u0000${params.collectionName}\u0000${params.schema.version}`;
      let shared = sharedStates.get(key) as SharedCollectionState<RxDocType> | undefined;
      if (!shared || shared.users === 0) {
        shared = { changes$: newChangeSubject<RxDocType>(), users: 0 };
        sharedStates.set(key, shared as SharedCollectionState<unknown>);
      }
      shared.users++;
      const indexKeyFunctions = tables.indexes.map((index) => getIndexableStringMonad(params.schema, index));
      if (tables.keyFormat !== INDEX_KEY_FORMAT)
        rebuildIndexKeys(file, tables, (data) => {
          const doc = JSON.parse(data) as RxDocumentData<RxDocType>;
          return indexKeyFunctions.map((keyOf) => toIndexKey(keyOf(doc)));
        });
      return new RxStorageInstanceBetterSqlite3(
        params.databaseName,
        params.collectionName,
        params.schema,
        { file, tables },
        params.options,
        shared,
        indexKeyFunctions,
      );
    } catch (error) {
      releaseSqliteFile(file);
      throw error;
    }
  }
}
