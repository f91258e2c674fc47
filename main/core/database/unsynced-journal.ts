import {
  closeSync,
  existsSync,
  fdatasync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ClientDatabase } from './open-client-database.js';

/** What a learner or creator writes on this device and the server keeps: worth a second copy until it has synced. */
export const JOURNALED_COLLECTIONS = ['notes', 'progress', 'ratings', 'coursedrafts'] as const;
export type JournaledCollection = (typeof JOURNALED_COLLECTIONS)[number];

export interface JournalEntry {
  collection: JournaledCollection;
  /** The document as written, without RxDB's bookkeeping (`_rev`, `_meta`); `_deleted` when it was removed. */
  doc: Record<string, unknown> & { id: string; _deleted?: boolean };
  at: number;
}

export interface UnsyncedJournal {
  /** Starts recording every local write of the journaled collections (sync's writes are not recorded). */
  attach(db: ClientDatabase): void;
  /** The latest entry of each document written since the server last acknowledged everything. */
  read(): JournalEntry[];
  /** Drops what the server has acknowledged: everything recorded before `awaitInSync` resolved. */
  compact(awaitInSync: () => Promise<void>): Promise<void>;
  /** Empties the journal (its entries were kept elsewhere). */
  clear(): void;
  close(): void;
}

/** Past this size (weeks offline), the journal is rewritten with only the latest entry of each document. */
const SHRINK_AT_BYTES = 4 * 1024 * 1024;

/**
 * A second copy of unsynced changes, outside the database file: an append-only JSON-lines file
 * beside it. If the database file is ever damaged, what had not reached the server is still here
 * (docs/resilience.md). Appends are synchronous and flushed to disk shortly after; the server's
 * acknowledgement of everything lets the journal start over.
 */
export function openUnsyncedJournal(dataDir: string, now: () => number): UnsyncedJournal {
  const dir = join(dataDir, 'journal');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'unsynced.jsonl');
  let fd = openSync(file, 'a', 0o600);
  let flushing = false;
  let flushAgain = false;
  let compacting: Promise<void> | undefined;

  const flush = () => {
    if (flushing) return void (flushAgain = true);
    flushing = true;
    fdatasync(fd, () => {
      flushing = false;
      if (flushAgain) {
        flushAgain = false;
        flush();
      }
    });
  };

  function readEntries(from = 0): JournalEntry[] {
    if (!existsSync(file)) return [];
    const latest = new Map<string, JournalEntry>();
    for (const line of readFileSync(file).subarray(from).toString('utf8').split('\n')) {
      if (!line) continue;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        // Latest last: re-inserting moves a document to the end, in the order it was last written.
        const key = `${entry.collection}\u0000${entry.doc.id}`;
        latest.delete(key);
        latest.set(key, entry);
      } catch {
        // A line cut off by a crash or a full disk: the entries before it still count.
      }
    }
    return [...latest.values()];
  }

  /** Replaces the journal with `entries` (atomically: a crash leaves the old one or the new one). */
  function rewrite(entries: JournalEntry[]): void {
    writeFileSync(`${file}.tmp`, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''), { mode: 0o600 });
    closeSync(fd);
    renameSync(`${file}.tmp`, file);
    fd = openSync(file, 'a', 0o600);
  }

  function record(collection: JournaledCollection, data: Record<string, unknown>, deleted: boolean): void {
    const { _rev: _rev, _meta: _meta, _attachments: _attachments, ...doc } = data;
    const entry: JournalEntry = {
      collection,
      doc: { ...(doc as JournalEntry['doc']), ...(deleted ? { _deleted: true } : {}) },
      at: now(),
    };
    try {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      flush();
      if (fstatSync(fd).size > SHRINK_AT_BYTES) rewrite(readEntries());
    } catch {
      // The database write itself succeeded; a journal that cannot grow (a full disk) only
      // loses its safety copy of this change, never the change.
    }
  }

  return {
    attach(db) {
      for (const name of JOURNALED_COLLECTIONS) {
        const collection = db.collections[name];
        collection.postInsert((data) => record(name, data as unknown as Record<string, unknown>, false), false);
        collection.postSave((data) => record(name, data as unknown as Record<string, unknown>, false), false);
        collection.postRemove((data) => record(name, data as unknown as Record<string, unknown>, true), false);
      }
    },
    read: () => readEntries(),
    compact(awaitInSync) {
      compacting ??= (async () => {
        try {
          const mark = fstatSync(fd).size;
          if (mark === 0) return;
          await awaitInSync();
          // What was written while waiting stays; what came before it is on the server.
          const rest = readFileSync(file).subarray(mark);
          writeFileSync(`${file}.tmp`, rest, { mode: 0o600 });
          closeSync(fd);
          renameSync(`${file}.tmp`, file);
          fd = openSync(file, 'a', 0o600);
        } finally {
          compacting = undefined;
        }
      })();
      return compacting;
    },
    clear: () => rewrite([]),
    close: () => closeSync(fd),
  };
}
