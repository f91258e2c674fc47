import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/helpers.js';
import { openClientDatabase } from './open-client-database.js';
import { openUnsyncedJournal } from './unsynced-journal.js';

const newDir = useTempDirs();
const note = (id: string, body: string, updatedAt: number) => ({
  id,
  userId: 'u1',
  courseId: 'c1',
  lessonId: 'l1',
  kind: 'note' as const,
  anchor: { type: 'time' as const, start: 1 },
  body,
  createdAt: 1,
  updatedAt,
});

describe('the unsynced-changes journal', () => {
  it('records local writes (latest per document, deletions too), survives a cut-off line, and compacts what the server acknowledged', async () => {
    const dataDir = newDir();
    const journal = openUnsyncedJournal(dataDir, () => 42);
    const db = await openClientDatabase({ dataDir });
    journal.attach(db);
    const first = await db.notes.insert(note('n1', 'first', 1));
    await first.incrementalPatch({ body: 'first, edited', updatedAt: 2 });
    await db.notes.insert(note('n2', 'second', 3));
    await (await db.notes.findOne('n2').exec())!.remove();
    // Collections nobody writes locally are not journaled.
    await db.localstate.upsert({ id: 'x', value: 1, updatedAt: 1 });
    expect(journal.read().map((e) => [e.collection, e.doc.id, e.doc.body, e.doc._deleted ?? false])).toEqual([
      ['notes', 'n1', 'first, edited', false],
      ['notes', 'n2', 'second', true],
    ]);
    expect(JSON.stringify(journal.read())).not.toMatch(/_rev|_meta/);

    // A crash mid-line: the entries before it still count.
    appendFileSync(join(dataDir, 'journal', 'unsynced.jsonl'), '{"collection":"notes","doc":{"id":"n3"');
    expect(journal.read()).toHaveLength(2);

    // Acknowledged by the server: dropped. A write made while waiting for the acknowledgement stays.
    await journal.compact(async () => {
      await db.notes.insert(note('n4', 'during sync', 4));
    });
    expect(journal.read().map((e) => e.doc.id)).toEqual(['n4']);
    await db.close();
    journal.close();
    expect(
      readFileSync(join(dataDir, 'journal', 'unsynced.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean),
    ).toHaveLength(1);
  });
});
