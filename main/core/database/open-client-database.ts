import { backupBeforeUpgrade, recordSchemaVersions } from './backup-before-upgrade.js';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxCollectionCreator, type RxDatabase } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getAjv, wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { COLLECTIONS, type CollectionName } from '../../../common/collections/index.js';
import type {
  CourseDoc,
  CourseDraftDoc,
  EntitlementDoc,
  LessonDoc,
  LocalStateDoc,
  NoteDoc,
  AttemptDoc,
  ExamSittingDoc,
  OrderDoc,
  ProgressDoc,
  RatingDoc,
  ReviewDoc,
} from '../../../common/collections/index.js';
import { getRxStorageBetterSqlite3 } from '../storage/index.js';
import {
  draftConflictHandler,
  noteConflictHandler,
  progressConflictHandler,
  ratingConflictHandler,
  examSittingConflictHandler,
} from './conflict-handlers.js';

addRxPlugin(RxDBMigrationSchemaPlugin);
// Ratings are multiples of 0.01, but 4.1 / 0.01 is 409.99999999999994 in floating point:
// compare with a tolerance (Ajv reads this option when it compiles each schema).
getAjv().opts.multipleOfPrecision = 9;

interface DocTypes {
  courses: CourseDoc;
  lessons: LessonDoc;
  shownlessons: LessonDoc;
  entitlements: EntitlementDoc;
  orders: OrderDoc;
  ratings: RatingDoc;
  reviews: ReviewDoc;
  progress: ProgressDoc;
  notes: NoteDoc;
  attempts: AttemptDoc;
  examsittings: ExamSittingDoc;
  coursedrafts: CourseDraftDoc;
  localstate: LocalStateDoc;
}

export type ClientCollections = { [K in CollectionName]: RxCollection<DocTypes[K]> };
export type ClientDatabase = RxDatabase<ClientCollections>;

/** What a read path may use: queries only. Writes need the full `ClientDatabase` handle. */
export type ReadableCollections = {
  readonly [K in CollectionName]: Pick<ClientCollections[K], 'find' | 'findOne' | 'findByIds' | 'count'>;
};

export const CLIENT_DATABASE_FILE = 'zhiku.sqlite';

/**
 * RxDB knows databases by name across the whole process, so two devices in one process
 * (tests, a second profile) need different names; the file keeps one fixed name.
 */
export function databaseNameFor(dataDir: string): string {
  return `zhiku_${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`;
}

/**
 * Opens the device's database: one SQLite file `<dataDir>/db/zhiku.sqlite` through our
 * RxStorage, every write validated against the collection's JSON schema.
 */
export async function openClientDatabase(options: {
  dataDir: string;
  /** Server-corrected time (sync/server-clock.ts). */ now?: () => number;
}): Promise<ClientDatabase> {
  // Newer schemas migrate the file in place: keep a copy of it as it was first.
  await backupBeforeUpgrade({ dataDir: options.dataDir, fileName: CLIENT_DATABASE_FILE, now: options.now ?? Date.now });
  const storage = wrappedValidateAjvStorage({
    storage: getRxStorageBetterSqlite3({ directory: join(options.dataDir, 'db'), fileName: CLIENT_DATABASE_FILE }),
  });
  const db = await createRxDatabase<ClientCollections>({
    name: databaseNameFor(options.dataDir),
    storage,
    multiInstance: false,
    eventReduce: true,
    closeDuplicates: true,
  });
  // A note's conflicting version is kept as a copy, written after RxDB's resolve step returns.
  const saveNoteCopy = (copy: NoteDoc & { _deleted?: boolean }) =>
    setTimeout(() => {
      const { _deleted: _ignored, ...note } = copy;
      db.collections.notes
        .upsert(note)
        .catch((error: unknown) => console.error('Could not keep the conflicting version of a note', error));
    }, 0);
  const conflictHandlers: Partial<Record<CollectionName, RxCollectionCreator['conflictHandler']>> = {
    progress: progressConflictHandler,
    ratings: ratingConflictHandler,
    examsittings: examSittingConflictHandler,
    notes: noteConflictHandler(saveNoteCopy),
    coursedrafts: draftConflictHandler(options.now ?? Date.now),
  };
  try {
    await db.addCollections(
      Object.fromEntries(
        Object.entries(COLLECTIONS).map(([name, definition]) => {
          const conflictHandler = conflictHandlers[name as CollectionName];
          return [
            name,
            {
              schema: definition.schema,
              migrationStrategies: definition.migrationStrategies,
              ...(conflictHandler ? { conflictHandler } : {}),
            },
          ];
        }),
      ),
    );
  } catch (error) {
    await db.close();
    throw error;
  }
  recordSchemaVersions(options.dataDir);
  return db;
}
