import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  fillWithDefaultSettings,
  type EventBulk,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorageChangeEvent,
} from 'rxdb';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/helpers.js';
import Database from 'better-sqlite3';
import { getRxStorageBetterSqlite3 } from '../index.js';
import { INDEX_KEY_FORMAT } from '../index-keys.js';
import { filledLearnerSchema, openInstance, prepare, randomLearner, randomSource, type Learner } from './fixtures.js';

const newDir = useTempDirs();

function learner(id: string, lwt: number, patch: Partial<RxDocumentData<Learner>> = {}): RxDocumentData<Learner> {
  return { ...randomLearner(randomSource(lwt), 0, lwt), id, _deleted: false, _rev: '1-a', ...patch };
}

describe('bulkWrite', () => {
  it('reports a conflict as 409 with the stored document, and writes the other rows', async () => {
    const instance = await openInstance(getRxStorageBetterSqlite3({ directory: newDir() }), 'conflicts');
    const stored = learner('a', 1000);
    await instance.bulkWrite([{ document: stored }], 'test');

    const staleWrite = {
      previous: { ...stored, _rev: '0-stale' },
      document: { ...stored, name: 'stale', _rev: '2-b', _meta: { lwt: 1001 } },
    };
    const insertExisting = { document: { ...stored, name: 'again', _rev: '1-c' } };
    const fresh = { document: learner('b', 1002) };
    const result = await instance.bulkWrite([staleWrite, insertExisting, fresh], 'test');

    expect(result.error).toHaveLength(2);
    for (const error of result.error) {
      expect(error).toMatchObject({ status: 409, documentId: 'a', isError: true });
      expect((error as { documentInDb: unknown }).documentInDb).toEqual(stored);
    }
    const [a, b] = await instance.findDocumentsById(['a', 'b'], false);
    expect(a).toEqual(stored);
    expect(b?.id).toBe('b');
    await instance.close();
  });

  it('emits one change bulk per write, after commit, with a checkpoint at the newest row', async () => {
    const instance = await openInstance(getRxStorageBetterSqlite3({ directory: newDir() }), 'events');
    const bulks: EventBulk<RxStorageChangeEvent<Learner>, { id: string; lwt: number }>[] = [];
    const seenDuringEvent: number[] = [];
    const subscription = instance.changeStream().subscribe((bulk) => {
      bulks.push(bulk);
      // Reading inside the event sees the committed write.
      void instance
        .count(prepare({ selector: { _deleted: { $eq: false } } as never }))
        .then((c) => seenDuringEvent.push(c.count));
    });
    await instance.bulkWrite(
      [{ document: learner('a', 10) }, { document: learner('b', 20) }, { document: learner('c', 30) }],
      'ctx-1',
    );
    const [a] = await instance.findDocumentsById(['a'], false);
    await instance.bulkWrite(
      [{ previous: a!, document: { ...a!, _deleted: true, _rev: '2-x', _meta: { lwt: 40 } } }],
      'ctx-2',
    );
    await instance.bulkWrite([{ previous: { ...a!, _rev: '9-wrong' }, document: { ...a!, _rev: '3-y' } }], 'ctx-3');

    expect(bulks.map((b) => [b.context, b.events.map((e) => `${e.operation}:${e.documentId}`), b.checkpoint])).toEqual([
      ['ctx-1', ['INSERT:a', 'INSERT:b', 'INSERT:c'], { id: 'c', lwt: 30 }],
      ['ctx-2', ['DELETE:a'], { id: 'a', lwt: 40 }],
    ]);
    await Promise.resolve();
    expect(seenDuringEvent).toEqual([3, 2]);
    subscription.unsubscribe();
    await instance.close();
  });

  it('shares change events between instances on the same data, even from separate storage objects', async () => {
    const directory = newDir();
    const writer = await openInstance(getRxStorageBetterSqlite3({ directory }), 'shared');
    const reader = await openInstance(getRxStorageBetterSqlite3({ directory }), 'shared');
    const other = await openInstance(getRxStorageBetterSqlite3({ directory: newDir() }), 'shared');
    const seen: string[] = [];
    const seenElsewhere: string[] = [];
    const subscriptions = [
      reader.changeStream().subscribe((bulk) => seen.push(...bulk.events.map((e) => `${e.operation}:${e.documentId}`))),
      other.changeStream().subscribe((bulk) => seenElsewhere.push(...bulk.events.map((e) => e.documentId))),
    ];
    await writer.bulkWrite([{ document: learner('a', 10) }], 'from-writer');
    expect(seen).toEqual(['INSERT:a']);
    expect((await reader.findDocumentsById(['a'], false)).map((d) => d.id)).toEqual(['a']);
    // A different folder is different data: nothing crosses.
    expect(seenElsewhere).toEqual([]);

    // Closing one instance leaves the other's stream open.
    await writer.close();
    const again = await openInstance(getRxStorageBetterSqlite3({ directory }), 'shared');
    await again.bulkWrite([{ document: learner('b', 20) }], 'after-close');
    expect(seen).toEqual(['INSERT:a', 'INSERT:b']);
    for (const subscription of subscriptions) subscription.unsubscribe();
    await Promise.all([reader.close(), again.close(), other.close()]);
  });

  it('rolls back the whole transaction when a write fails midway', async () => {
    const instance = await openInstance(getRxStorageBetterSqlite3({ directory: newDir() }), 'atomic');
    // A value JSON cannot encode makes the second row fail after the first was written.
    const bad = { ...learner('b', 2), score: 10n } as unknown as Record<string, unknown>;
    await expect(
      instance.bulkWrite([{ document: learner('a', 1) }, { document: bad as never }], 'test'),
    ).rejects.toThrow();
    expect(await instance.findDocumentsById(['a', 'b'], true)).toEqual([]);
    await instance.close();
  });
});

describe('persistence', () => {
  it('keeps documents and checkpoints across a restart', async () => {
    const directory = newDir();
    const first = await openInstance(getRxStorageBetterSqlite3({ directory }), 'restart');
    await first.bulkWrite(
      [1, 2, 3, 4, 5].map((n) => ({ document: learner(`d${n}`, n * 10) })),
      'test',
    );
    const page = await first.getChangedDocumentsSince!(2);
    expect(page.documents.map((d) => d.id)).toEqual(['d1', 'd2']);
    await first.close();

    const second = await openInstance(getRxStorageBetterSqlite3({ directory }), 'restart');
    const rest = await second.getChangedDocumentsSince!(10, page.checkpoint);
    expect(rest.documents.map((d) => d.id)).toEqual(['d3', 'd4', 'd5']);
    expect(rest.checkpoint).toEqual({ id: 'd5', lwt: 50 });
    const none = await second.getChangedDocumentsSince!(10, rest.checkpoint);
    expect(none.documents).toEqual([]);
    expect(none.checkpoint).toEqual({ id: 'd5', lwt: 50 });
    await second.close();
  });

  it('rebuilds the index keys of a database from an earlier version once, as it opens', async () => {
    const directory = newDir();
    const random = randomSource(7);
    const docs = Array.from({ length: 1500 }, (_, n) => randomLearner(random, n, n + 1));
    const sortedByName = prepare({ selector: {}, sort: [{ name: 'asc' }, { id: 'asc' }] });
    const byAge = prepare({ selector: { age: { $gte: 30, $lt: 60 } }, sort: [{ age: 'desc' }, { id: 'asc' }] });
    const first = await openInstance(getRxStorageBetterSqlite3({ directory }), 'upgrade');
    await first.bulkWrite(
      docs.map((document) => ({ document })),
      'test',
    );
    const expected = [(await first.query(sortedByName)).documents, (await first.query(byAge)).documents];
    expect(expected[1]!.length).toBeGreaterThan(0);
    await first.close();

    // As an earlier version left it: keys in another format, and no record of which.
    const file = new Database(join(directory, 'upgrade.sqlite'));
    const table = file
      .prepare("SELECT table_name FROM zhiku_rx_collections WHERE table_name LIKE 'rx__learners%'")
      .pluck()
      .get() as string;
    const indexColumns = (
      file.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]
    ).filter((name) => /^i\d+$/.test(name));
    file.exec(`UPDATE "${table}" SET ${indexColumns.map((column) => `${column} = randomblob(8)`).join(', ')}`);
    file.exec('ALTER TABLE zhiku_rx_collections DROP COLUMN key_format');
    file.close();

    const second = await openInstance(getRxStorageBetterSqlite3({ directory }), 'upgrade');
    expect((await second.query(sortedByName)).documents).toEqual(expected[0]);
    expect((await second.query(byAge)).documents).toEqual(expected[1]);
    await second.close();
    const recorded = new Database(join(directory, 'upgrade.sqlite'));
    expect(recorded.prepare('SELECT DISTINCT key_format FROM zhiku_rx_collections').pluck().all()).toEqual([
      INDEX_KEY_FORMAT,
    ]);
    recorded.close();
  });

  it('keeps several collections in one file, per database name', async () => {
    const directory = newDir();
    const storage = getRxStorageBetterSqlite3({ directory });
    const learners = await openInstance(storage, 'app', 'learners');
    const archive = await openInstance(storage, 'app', 'archive');
    const other = await openInstance(storage, 'other-db', 'learners');
    await learners.bulkWrite([{ document: learner('x', 1) }], 'test');
    expect(await archive.findDocumentsById(['x'], true)).toEqual([]);
    expect(await other.findDocumentsById(['x'], true)).toEqual([]);
    expect(
      readdirSync(directory)
        .filter((f) => f.endsWith('.sqlite'))
        .sort(),
    ).toEqual(['app.sqlite', 'other-db.sqlite']);
    await Promise.all([learners.close(), archive.close(), other.close()]);
  });

  it('refuses to reopen a collection with different indexes under the same version', async () => {
    const directory = newDir();
    const storage = getRxStorageBetterSqlite3({ directory });
    await (await openInstance(storage, 'indexes')).close();
    const changed = fillWithDefaultSettings({ ...filledLearnerSchema, indexes: ['age'] } as RxJsonSchema<Learner>);
    await expect(openInstance(storage, 'indexes', 'learners', changed as never)).rejects.toThrow(/other indexes/);
  });

  it('remove() deletes the collection, and the file with its last collection', async () => {
    const directory = newDir();
    const storage = getRxStorageBetterSqlite3({ directory });
    const a = await openInstance(storage, 'gone', 'learners');
    const b = await openInstance(storage, 'gone', 'archive');
    await a.bulkWrite([{ document: learner('x', 1) }], 'test');
    await a.remove();
    expect(existsSync(join(directory, 'gone.sqlite'))).toBe(true);
    await b.remove();
    expect(existsSync(join(directory, 'gone.sqlite'))).toBe(false);
    const again = await openInstance(storage, 'gone', 'learners');
    expect(await again.findDocumentsById(['x'], true)).toEqual([]);
    await again.close();
  });

  it('refuses calls after close', async () => {
    const instance = await openInstance(getRxStorageBetterSqlite3({ directory: newDir() }), 'closed');
    await instance.close();
    await expect(instance.query(prepare({ selector: {} }))).rejects.toThrow(/closed/);
    await expect(instance.close()).resolves.toBeUndefined();
  });
});

describe('cleanup', () => {
  it('purges only tombstones older than the minimum time, in batches', async () => {
    const instance = await openInstance(getRxStorageBetterSqlite3({ directory: newDir() }), 'cleanup');
    const old = Date.now() - 60_000;
    const docs = Array.from({ length: 700 }, (_, n) => learner(`old${n}`, old + n, { _deleted: true }));
    docs.push(learner('recent', Date.now(), { _deleted: true }), learner('alive', old));
    await instance.bulkWrite(
      docs.map((document) => ({ document })),
      'test',
    );

    expect(await instance.cleanup(30_000)).toBe(false);
    expect(await instance.cleanup(30_000)).toBe(true);
    const left = (
      await instance.findDocumentsById(
        docs.map((d) => d.id),
        true,
      )
    )
      .map((d) => d.id)
      .sort();
    expect(left).toEqual(['alive', 'recent']);
    await instance.close();
  });
});

describe('attachments', () => {
  const schema = fillWithDefaultSettings({ ...filledLearnerSchema, attachments: {} } as RxJsonSchema<Learner>);
  const digestOf = (bytes: Uint8Array) => `sha256-${createHash('sha256').update(bytes).digest('base64')}`;

  it('round-trip as BLOBs, are replaced and removed with their document, and check the digest', async () => {
    const instance = await openInstance(
      getRxStorageBetterSqlite3({ directory: newDir() }),
      'attachments',
      'learners',
      schema as never,
    );
    const bytes = new Uint8Array(200_000).map((_, i) => (i * 31) % 251);
    const digest = digestOf(bytes);
    const document = learner('a', 1, {
      _attachments: {
        'notes.pdf': { data: new Blob([bytes]), digest, length: bytes.length, type: 'application/pdf' } as never,
      },
    });
    expect((await instance.bulkWrite([{ document }], 'test')).error).toEqual([]);

    const stored = (await instance.findDocumentsById(['a'], false))[0]!;
    expect(stored._attachments['notes.pdf']).toEqual({ digest, length: bytes.length, type: 'application/pdf' });
    expect(new Uint8Array(await (await instance.getAttachmentData('a', 'notes.pdf', digest)).arrayBuffer())).toEqual(
      bytes,
    );
    await expect(instance.getAttachmentData('a', 'notes.pdf', 'sha256-wrong')).rejects.toThrow(/does not exist/);

    const replacement = new TextEncoder().encode('新的笔记');
    const next = {
      ...stored,
      _rev: '2-b',
      _meta: { lwt: 2 },
      _attachments: {
        'notes.pdf': {
          data: new Blob([replacement]),
          digest: digestOf(replacement),
          length: replacement.length,
          type: 'text/plain',
        } as never,
      },
    };
    await instance.bulkWrite([{ previous: stored, document: next }], 'test');
    expect(await (await instance.getAttachmentData('a', 'notes.pdf', digestOf(replacement))).text()).toBe('新的笔记');

    const current = (await instance.findDocumentsById(['a'], false))[0]!;
    await instance.bulkWrite(
      [{ previous: current, document: { ...current, _rev: '3-c', _meta: { lwt: 3 }, _attachments: {} } }],
      'test',
    );
    await expect(instance.getAttachmentData('a', 'notes.pdf', digestOf(replacement))).rejects.toThrow(/does not exist/);
    await instance.close();
  });

  it('refuse data whose size does not match what the document claims, writing nothing', async () => {
    const instance = await openInstance(
      getRxStorageBetterSqlite3({ directory: newDir() }),
      'attachments-bad',
      'learners',
      schema as never,
    );
    const bytes = new Uint8Array([1, 2, 3]);
    const document = learner('a', 1, {
      _attachments: {
        x: { data: new Blob([bytes]), digest: digestOf(bytes), length: 99, type: 'application/octet-stream' } as never,
      },
    });
    await expect(instance.bulkWrite([{ document }], 'test')).rejects.toThrow(/claims 99/);
    expect(await instance.findDocumentsById(['a'], true)).toEqual([]);
    await instance.close();
  });
});
