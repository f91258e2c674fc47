import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { currentSchemaVersion, migrate, MigrationError, migrations, type Migration } from './migrations.js';

describe('server migrations', () => {
  it('are numbered 1, 2, 3… with no gap', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('bring an empty database to the newest version, and running again changes nothing', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(migrations.length);
    expect(migrate(db)).toBe(migrations.length);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: migrations.length });
  });

  it('upgrade a database made by each earlier version', () => {
    for (let version = 1; version < migrations.length; version++) {
      const db = new Database(':memory:');
      migrate(db, migrations.slice(0, version));
      expect(currentSchemaVersion(db)).toBe(version);
      expect(migrate(db)).toBe(migrations.length);
    }
  });

  it('roll back a failing migration completely', () => {
    const db = new Database(':memory:');
    migrate(db);
    const broken: Migration = {
      version: migrations.length + 1,
      name: 'broken',
      up(target) {
        target.exec('CREATE TABLE half_done (id INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...migrations, broken])).toThrow('boom');
    expect(currentSchemaVersion(db)).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
  });

  it('refuse a database from a newer server', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(999, 'future', new Date().toISOString());
    expect(() => migrate(db)).toThrow(MigrationError);
  });
});
