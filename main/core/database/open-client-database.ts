import { join } from 'node:path';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { COLLECTIONS, type CollectionName } from '../../../common/collections/index.js';
import type { CourseDoc, EntitlementDoc, LessonDoc, LocalStateDoc, NoteDoc, OrderDoc, ProgressDoc, RatingDoc, RatingSignalDoc, ReviewDoc } from '../../../common/collections/index.js';
import { getRxStorageBetterSqlite3 } from '../storage/index.js';

addRxPlugin(RxDBMigrationSchemaPlugin);

interface DocTypes {
  courses: CourseDoc;
  lessons: LessonDoc;
  entitlements: EntitlementDoc;
  orders: OrderDoc;
  ratings: RatingDoc;
  reviews: ReviewDoc;
  progress: ProgressDoc;
  notes: NoteDoc;
  ratingsignals: RatingSignalDoc;
  localstate: LocalStateDoc;
}

export type ClientCollections = { [K in CollectionName]: RxCollection<DocTypes[K]> };
export type ClientDatabase = RxDatabase<ClientCollections>;

/** What a read path may use: queries only. Writes need the full `ClientDatabase` handle. */
export type ReadableCollections = { readonly [K in CollectionName]: Pick<ClientCollections[K], 'find' | 'findOne' | 'findByIds' | 'count'> };

export const CLIENT_DATABASE_NAME = 'zhiku';

/**
 * Opens the device's database: one SQLite file `<dataDir>/db/zhiku.sqlite` through our
 * RxStorage, every write validated against the collection's JSON schema.
 */
export async function openClientDatabase(options: { dataDir: string }): Promise<ClientDatabase> {
  const storage = wrappedValidateAjvStorage({ storage: getRxStorageBetterSqlite3({ directory: join(options.dataDir, 'db') }) });
  const db = await createRxDatabase<ClientCollections>({
    name: CLIENT_DATABASE_NAME,
    storage,
    multiInstance: false,
    eventReduce: true,
    closeDuplicates: true,
  });
  try {
    await db.addCollections(
      Object.fromEntries(
        Object.entries(COLLECTIONS).map(([name, definition]) => [name, { schema: definition.schema, migrationStrategies: definition.migrationStrategies }]),
      ),
    );
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
