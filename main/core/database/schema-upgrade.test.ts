import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { describe, expect, it } from 'vitest';
import { courseSchema, type CourseDoc } from '../../../common/collections/index.js';
import { useTempDirs } from '../../../tests/helpers.js';
import { getRxStorageBetterSqlite3 } from '../storage/index.js';
import { CLIENT_DATABASE_FILE, databaseNameFor, openClientDatabase } from './open-client-database.js';
import { sampleCourse } from './samples.js';

const newDir = useTempDirs();

describe('upgrading the device database', () => {
  it('opens courses written by schema version 0 (before covers and reference prices) and migrates them with nothing lost', async () => {
    const dataDir = newDir();
    // The course schema exactly as version 0 shipped it: no `cover`, no storefront fields, sorted by raw price.
    const {
      cover: _cover,
      priceReference: _priceReference,
      learnerCount: _learnerCount,
      outcomes: _outcomes,
      requirements: _requirements,
      creatorBio: _creatorBio,
      ...properties
    } = courseSchema.properties as Record<string, unknown>;
    const v0 = {
      ...courseSchema,
      version: 0,
      properties,
      required: courseSchema.required!.filter((field) => field !== 'priceReference' && field !== 'learnerCount'),
      indexes: courseSchema.indexes!.map((index) =>
        Array.isArray(index) && index.includes('priceReference') ? ['status', 'priceAmount'] : index,
      ),
    } as unknown as RxJsonSchema<CourseDoc>;
    const asVersion0 = (course: CourseDoc) => {
      const { priceReference: _p, learnerCount: _l, ...rest } = course;
      return rest;
    };
    const old = await createRxDatabase({
      name: databaseNameFor(dataDir),
      storage: getRxStorageBetterSqlite3({ directory: join(dataDir, 'db'), fileName: CLIENT_DATABASE_FILE }),
      multiInstance: false,
    });
    await old.addCollections({ courses: { schema: v0 } });
    const written = [
      sampleCourse('old-1', { title: { zh: '旧课程', en: 'Old course' } }),
      sampleCourse('old-2', { ratingAverage: 4.33, ratingCount: 3, priceAmount: 2400, currency: 'EUR' }),
    ].map(asVersion0);
    await old.collections.courses!.bulkInsert(written);
    await old.close();

    const db = await openClientDatabase({ dataDir });
    // The file as it was before the migration is kept, readable with the old schema.
    const backups = readdirSync(join(dataDir, 'backups'));
    expect(backups).toHaveLength(1);
    const kept = await createRxDatabase<{ courses: RxCollection<CourseDoc> }>({
      name: databaseNameFor(dataDir),
      storage: getRxStorageBetterSqlite3({
        directory: join(dataDir, 'backups', backups[0]!),
        fileName: CLIENT_DATABASE_FILE,
      }),
      multiInstance: false,
    });
    await kept.addCollections({ courses: { schema: v0 } });
    expect((await kept.courses.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toJSON())).toEqual(written);
    await kept.close();
    try {
      const migrated = (await db.courses.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toJSON());
      // Everything kept; the price keyed for mixed-currency sorting (¥99.00 ≈ US$13.75, €24.00 ≈ US$26.09).
      expect(migrated).toEqual([
        { ...written[0], priceReference: 1375, learnerCount: 0 },
        { ...written[1], priceReference: 2609, learnerCount: 0 },
      ]);
      expect((await db.courses.find({ sort: [{ priceReference: 'desc' }] }).exec()).map((doc) => doc.id)).toEqual([
        'old-2',
        'old-1',
      ]);
      // And the new field works on the upgraded database.
      await db.courses.insert(sampleCourse('new', { cover: { sha256: 'a'.repeat(64), bytes: 10, mime: 'image/png' } }));
      expect((await db.courses.findOne('new').exec())?.cover?.mime).toBe('image/png');
    } finally {
      await db.close();
    }
    // Opening again with the same schemas takes no new backup.
    await (await openClientDatabase({ dataDir })).close();
    expect(readdirSync(join(dataDir, 'backups'))).toHaveLength(1);
  });
});
