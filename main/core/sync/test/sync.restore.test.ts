import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NoteDoc } from '../../../../common/collections/index.js';
import { useCleanups, useTempDirs } from '../../../../tests/helpers.js';
import { backupSqlite, restoreSqlite } from '../../../../sync-server/database/backup.js';
import { eventually, restartableServer, spawnDevice } from './sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

describe('a server restored from an older backup', () => {
  it('gets back from devices what it lost, and no device loses anything', async () => {
    const serverDir = newDir();
    const server = await restartableServer(serverDir);
    cleanups.push(() => server.stop());
    const device = await spawnDevice(newDir(), server.url, 'Laptop');
    cleanups.push(() => device.close());
    await device.call('signUp', { email: 'mei@example.com', password: 'correct horse battery', displayName: '梅' });
    const invoke = <T>(name: string, input: unknown) => device.call<T>('invoke', name, input);
    await eventually(async () => (await device.call<number>('showCatalogue')) > 40);
    const first = await invoke<NoteDoc>('notes.save', {
      lessonId: 'type-l1',
      kind: 'note',
      anchor: { type: 'time', start: 1 },
      body: '备份前的笔记',
    });
    await device.call('awaitInSync');

    const backup = join(newDir(), 'server.sqlite');
    await backupSqlite(serverDir, backup);
    // After the backup: a new note, and an edit of the first.
    await invoke('notes.save', {
      lessonId: 'type-l1',
      kind: 'note',
      anchor: { type: 'time', start: 2 },
      body: '备份后的笔记',
    });
    await invoke('notes.save', {
      id: first.id,
      lessonId: 'type-l1',
      kind: 'note',
      anchor: { type: 'time', start: 1 },
      body: '备份前的笔记（改过）',
    });
    await device.call('awaitInSync');

    // The server loses both: restored from the older backup.
    await server.stop();
    await restoreSqlite(serverDir, backup);
    await server.start();
    const onServer = async () => {
      const rows = await server.server.context.db.all<{ data: string }>(
        "SELECT data FROM documents WHERE collection = 'notes' AND deleted = 0",
      );
      return rows.map((row) => (JSON.parse(row.data) as NoteDoc).body).sort();
    };
    expect(await onServer()).toEqual(['备份前的笔记']);

    // The device notices the new epoch, starts over, and pushes what the server lacks.
    await eventually(async () => {
      await device.call('resync');
      const bodies = await onServer();
      return bodies.includes('备份后的笔记') && bodies.includes('备份前的笔记（改过）');
    }, 40_000);
    const local = (await device.call<NoteDoc[]>('find', 'notes')).map((n) => n.body);
    expect(local).toEqual(expect.arrayContaining(['备份后的笔记', '备份前的笔记（改过）']));
  }, 90_000);
});
