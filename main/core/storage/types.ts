import type { Subject } from 'rxjs';
import type { EventBulk, RxDocumentData, RxStorageChangeEvent, RxStorageDefaultCheckpoint } from 'rxdb';
import type { CollectionTables } from './collection-tables.js';
import type { SqliteFile, SqliteSynchronous } from './sqlite-file.js';

export interface BetterSqlite3StorageOptions {
  /** Folder for the database files: one `<databaseName>.sqlite` per RxDB database. */
  directory: string;
  /** A fixed file name for every database (default: `<databaseName>.sqlite`). */
  fileName?: string;
  /** SQLite's `synchronous` pragma. FULL (default) survives power loss; NORMAL survives process crashes. */
  synchronous?: SqliteSynchronous;
}

/** Per-collection options RxDB may pass through; none are needed today. */
export type BetterSqlite3InstanceOptions = Record<string, never>;

export type ChangeBulk<RxDocType> = EventBulk<
  RxStorageChangeEvent<RxDocumentData<RxDocType>>,
  RxStorageDefaultCheckpoint
>;

/** State shared by every open instance of one collection in this process (RxDB may open several). */
export interface SharedCollectionState<RxDocType> {
  changes$: Subject<ChangeBulk<RxDocType>>;
  users: number;
}

/** What RxDB sees as the instance's internals: the shared file and the collection's tables. */
export interface BetterSqlite3Internals {
  file: SqliteFile;
  tables: CollectionTables;
}

/** Computes each index's key string for a document, in the order of `tables.indexes`. */
export type IndexKeyFunctions<RxDocType> = ((doc: RxDocumentData<RxDocType>) => string)[];
