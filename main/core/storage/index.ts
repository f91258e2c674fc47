import { RxStorageBetterSqlite3 } from './rx-storage-better-sqlite3.js';
import type { BetterSqlite3StorageOptions } from './types.js';

export { RxStorageBetterSqlite3, RX_STORAGE_NAME_BETTER_SQLITE3 } from './rx-storage-better-sqlite3.js';
export { RxStorageInstanceBetterSqlite3 } from './rx-storage-instance-better-sqlite3.js';
export type { BetterSqlite3StorageOptions } from './types.js';

/**
 * An RxStorage on better-sqlite3: one SQLite file per RxDB database inside `directory`,
 * WAL mode, indexes as SQL range scans. See docs/storage.md.
 */
export function getRxStorageBetterSqlite3(options: BetterSqlite3StorageOptions): RxStorageBetterSqlite3 {
  return new RxStorageBetterSqlite3({
    directory: options.directory,
    synchronous: options.synchronous ?? 'FULL',
    fileName: options.fileName ?? '',
  });
}
