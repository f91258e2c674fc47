import { join } from 'node:path';
import { BehaviorSubject, type Observable } from 'rxjs';
import { deepEqual } from 'rxdb';
import type { CourseDoc, NoteDoc, ProgressDoc } from '../../../common/collections/index.js';
import type { RecoveryItem, RecoveryStatus } from '../../../common/contract/recovery.js';
import { AppError } from '../../../common/errors.js';
import type { SyncStatus } from '../../../common/contract/session.js';
import { progressConflictHandler } from './conflict-handlers.js';
import {
  checkDatabaseFile,
  isDamageError,
  pendingRecoveryRecords,
  saveRecoveryRecord,
  setAsideDamagedDatabase,
  type DatabaseHealth,
  type RecoveryRecord,
} from './damaged-database.js';
import { CLIENT_DATABASE_FILE, openClientDatabase, type ClientDatabase } from './open-client-database.js';
import type { Logger } from '../logging/core-logger.js';
import type { JournalEntry, UnsyncedJournal } from './unsynced-journal.js';

/**
 * Opens the device's database, checking it first. A damaged file is moved aside and an empty
 * database opened in its place (sync fills it from the server); the changes that had not synced
 * come from the journal and wait for the user (`recovery.watch`, `recovery.restore`).
 */
export async function openDatabaseWithRecovery(options: {
  dataDir: string;
  now: () => number;
  journal: UnsyncedJournal;
}): Promise<{ database: ClientDatabase; health: DatabaseHealth }> {
  const { dataDir, now, journal } = options;
  const health = checkDatabaseFile(join(dataDir, 'db', CLIENT_DATABASE_FILE));
  const setAside = (reason: string) =>
    setAsideDamagedDatabase({ dataDir, fileName: CLIENT_DATABASE_FILE, reason, journal, now: now() });
  if (!health.ok) setAside(health.reason);
  let database: ClientDatabase;
  try {
    database = await openClientDatabase({ dataDir, now });
  } catch (error) {
    // Damage the quick check did not see shows when RxDB reads its tables.
    if (!health.ok || !isDamageError(error)) throw error;
    setAside(error instanceof Error ? error.message : String(error));
    database = await openClientDatabase({ dataDir, now });
  }
  journal.attach(database);
  return { database, health };
}

const short = (text: unknown) =>
  typeof text === 'string' ? (text.length > 80 ? `${text.slice(0, 79)}…` : text) : undefined;
const strip = (doc: Record<string, unknown>) => {
  const { _rev: _rev, _meta: _meta, _attachments: _attachments, _deleted: _deleted, ...rest } = doc;
  return rest;
};

/** What the user sees and decides about after a damaged database was rebuilt. */
export function createRecovery(deps: {
  dataDir: string;
  database: ClientDatabase;
  journal: UnsyncedJournal;
  syncStatus$: Observable<SyncStatus>;
  awaitInSync: () => Promise<void>;
  log?: Logger;
}) {
  const { dataDir, database, journal } = deps;
  const status$ = new BehaviorSubject<RecoveryStatus | null>(null);
  const collectionOf = (entry: JournalEntry) =>
    database.collections[entry.collection] as unknown as {
      findOne(id: string): {
        exec(): Promise<{ toJSON(): Record<string, unknown>; remove(): Promise<unknown> } | null>;
      };
      upsert(doc: unknown): Promise<unknown>;
      insert(doc: unknown): Promise<unknown>;
    };
  const current = async (entry: JournalEntry) =>
    (await collectionOf(entry).findOne(entry.doc.id).exec())?.toJSON() ?? null;

  async function differs(entry: JournalEntry): Promise<boolean> {
    const now = await current(entry);
    if (entry.doc._deleted) return now !== null;
    return now === null || !deepEqual(strip(now), strip(entry.doc));
  }

  async function describe(entry: JournalEntry): Promise<RecoveryItem> {
    const doc = entry.doc as Record<string, unknown>;
    const courseId =
      typeof doc.courseId === 'string' ? doc.courseId : entry.collection === 'coursedrafts' ? entry.doc.id : undefined;
    const course = courseId
      ? ((await database.courses.findOne(courseId).exec())?.toJSON() as CourseDoc | undefined)
      : undefined;
    const draftTitle =
      entry.collection === 'coursedrafts' ? (doc.title as { zh: string; en: string } | undefined) : undefined;
    return {
      collection: entry.collection,
      id: entry.doc.id,
      updatedAt: typeof doc.updatedAt === 'number' ? doc.updatedAt : entry.at,
      deleted: entry.doc._deleted === true,
      courseTitle: course?.title ?? draftTitle,
      text: short(entry.collection === 'notes' ? doc.body : entry.collection === 'ratings' ? doc.review : undefined),
      stars: typeof doc.stars === 'number' ? doc.stars : undefined,
    };
  }

  // Records are only made at start (before this runs), so they are read from disk once.
  let pending = pendingRecoveryRecords(dataDir);
  const settle = (record: RecoveryRecord) => {
    saveRecoveryRecord(dataDir, record);
    pending = pending.map((r) => (r.id === record.id ? record : r)).filter((r) => r.state === 'pending');
  };

  let refreshing = Promise.resolve();
  const refresh = () =>
    (refreshing = refreshing
      .then(async () => {
        const record = pending[0];
        if (!record) return status$.next(null);
        const items: RecoveryItem[] = [];
        for (const entry of record.entries) if (await differs(entry)) items.push(await describe(entry));
        status$.next({
          id: record.id,
          detectedAt: record.detectedAt,
          reason: record.reason,
          damagedCopy: record.damagedCopy,
          items,
        });
      })
      .catch((error: unknown) => deps.log?.warn('the kept-aside changes could not be listed', { error })));

  /** Writes a kept-aside change back as a new local change (it then syncs); a newer version is never overwritten. */
  async function restoreEntry(entry: JournalEntry): Promise<void> {
    const collection = collectionOf(entry);
    const now = await current(entry);
    const doc = strip(entry.doc) as Record<string, unknown> & { id: string; updatedAt: number };
    if (entry.doc._deleted) {
      if (now && Number(now.updatedAt) <= doc.updatedAt) await (await collection.findOne(doc.id).exec())?.remove();
      return;
    }
    if (!now || Number(now.updatedAt) <= doc.updatedAt) {
      if (entry.collection === 'progress' && now) {
        const merged = await progressConflictHandler.resolve(
          {
            realMasterState: { ...(now as unknown as ProgressDoc), _deleted: false },
            newDocumentState: { ...(doc as unknown as ProgressDoc), _deleted: false },
          },
          'recovery',
        );
        await collection.upsert(strip(merged as unknown as Record<string, unknown>));
        return;
      }
      await collection.upsert(doc);
      return;
    }
    // The device now holds a newer version. A note is never lost: the kept one returns as a copy.
    if (entry.collection === 'notes') {
      const note = doc as unknown as NoteDoc;
      await collection.insert({ ...note, id: `${note.id}~${note.updatedAt.toString(36)}`, conflictOf: note.id });
    }
  }

  function recordOf(id: string): RecoveryRecord {
    const record = pending.find((r) => r.id === id);
    if (!record) throw new AppError('NOT_FOUND', 'There is nothing waiting to be restored under that id.');
    return record;
  }

  // The journal starts over once the server has acknowledged everything.
  let compactTimer: NodeJS.Timeout | undefined;
  const syncSubscription = deps.syncStatus$.subscribe((status) => {
    if (pending.length > 0) void refresh();
    clearTimeout(compactTimer);
    if (!status.signedIn || !status.online || status.syncing || status.pendingChanges > 0) return;
    compactTimer = setTimeout(
      () =>
        void journal
          .compact(deps.awaitInSync)
          .catch((error: unknown) =>
            deps.log?.warn('compacting the journal of unsynced changes failed; it is kept as it is', { error }),
          ),
      2000,
    );
    compactTimer.unref();
  });
  void refresh();

  return {
    status$,
    operations: {
      'recovery.restore': async ({ id }: { id: string }) => {
        const record = recordOf(id);
        let restored = 0;
        let failed = 0;
        for (const entry of record.entries) {
          if (!(await differs(entry))) continue;
          try {
            await restoreEntry(entry);
            restored++;
          } catch (error) {
            if (isDamageError(error)) throw error;
            failed++;
          }
        }
        settle({ ...record, state: failed > 0 ? 'pending' : 'restored' });
        await refresh();
        return { restored, failed };
      },
      'recovery.dismiss': async ({ id }: { id: string }) => {
        // Kept on disk, marked dismissed: nothing written is ever deleted by this.
        settle({ ...recordOf(id), state: 'dismissed' });
        await refresh();
        return {};
      },
    },
    close() {
      clearTimeout(compactTimer);
      syncSubscription.unsubscribe();
    },
  };
}
