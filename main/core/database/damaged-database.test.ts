import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/helpers.js';
import { checkDatabaseFile, isDamageError } from './damaged-database.js';

const newDir = useTempDirs();

function sampleFile(): string {
  const file = join(newDir(), 'sample.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE docs (id TEXT PRIMARY KEY, data TEXT); CREATE INDEX docs_data ON docs (data)');
  const insert = db.prepare('INSERT INTO docs VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 5000; i++) insert.run(`doc-${i}`, `笔记 ${i} `.repeat(20));
  })();
  db.close();
  return file;
}

const overwrite = (file: string, offset: number, bytes: Buffer) => {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
};

describe('checking the device database file at start', () => {
  it('passes a sound file and a missing one', () => {
    expect(checkDatabaseFile(sampleFile())).toMatchObject({ ok: true });
    expect(checkDatabaseFile(join(newDir(), 'none.sqlite'))).toMatchObject({ ok: true });
  });

  it('finds a destroyed header and damaged pages, saying what is wrong', () => {
    const header = sampleFile();
    overwrite(header, 0, Buffer.alloc(100, 0x41));
    const headerCheck = checkDatabaseFile(header);
    expect(headerCheck.ok).toBe(false);
    expect(!headerCheck.ok && headerCheck.reason).toMatch(/not a database/);
    const pages = sampleFile();
    overwrite(pages, 4096 * 5, Buffer.alloc(4096 * 3, 0x5a));
    const pagesCheck = checkDatabaseFile(pages);
    expect(pagesCheck.ok).toBe(false);
    expect(!pagesCheck.ok && pagesCheck.reason).toMatch(/malformed|corrupt|Tree|page|Page/);
  });

  it('takes only damage for damage: a busy (locked) file or one that cannot be opened is reported as itself, not set aside', () => {
    const locked = sampleFile();
    const holder = new Database(locked);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expect(() => checkDatabaseFile(locked)).toThrow(/locked|busy/i);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(checkDatabaseFile(locked)).toMatchObject({ ok: true });
    // A folder where the file should be: SQLite cannot open it, which is not damage to any data.
    const folder = newDir();
    expect(() => checkDatabaseFile(folder)).toThrow();
    expect(isDamageError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isDamageError(Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' }))).toBe(
      false,
    );
    expect(
      isDamageError(Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' })),
    ).toBe(true);
  });
});
