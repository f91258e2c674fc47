import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresBin } from '../../tests/postgres.js';
import { useTempDirs } from '../../tests/helpers.js';
import { backupPostgres, backupSqlite, restorePostgres, restoreSqlite } from '../database/backup.js';
import {
  BACKENDS,
  backendEnv,
  signUpAndIn,
  startTestServer,
  stopSharedPostgres,
  type TestServer,
} from './server-harness.js';

afterAll(stopSharedPostgres, 60_000);

/** What the server holds: accounts and every document, as a comparable string. */
async function contents(api: TestServer): Promise<string> {
  const users = await api.context.db.all<{ email: string }>('SELECT email FROM users ORDER BY email');
  const documents = await api.context.db.all<{ collection: string; id: string; data: string }>(
    'SELECT collection, id, data FROM documents ORDER BY collection, id',
  );
  return JSON.stringify({ users, documents });
}

describe.each(BACKENDS)('backup and restore on %s', (backend) => {
  const newDir = useTempDirs();

  it('takes a backup while serving, and a restore brings back exactly that state', async () => {
    const dataDir = newDir();
    const env = await backendEnv(backend);
    let api = await startTestServer(dataDir, env);
    const learner = await signUpAndIn(api, 'before@example.com');
    const note = (id: string) => ({
      id,
      userId: learner.userId,
      courseId: 'typography-screens',
      lessonId: 'typo-l1',
      kind: 'note',
      anchor: { type: 'time', start: 1 },
      body: id,
      createdAt: 1,
      updatedAt: 1,
      _deleted: false,
    });
    expect(
      (
        await api.call('POST', '/v1/sync/notes/push', {
          token: learner.accessToken,
          body: [{ assumedMasterState: null, newDocumentState: note('note-kept') }],
        })
      ).status,
    ).toBe(200);
    const atBackup = await contents(api);
    const file = join(newDir(), backend === 'sqlite' ? 'server.sqlite' : 'server.dump');
    if (backend === 'sqlite') await backupSqlite(dataDir, file);
    else await backupPostgres(env.DATABASE_URL!, file, postgresBin());

    // Life goes on after the backup…
    await signUpAndIn(api, 'after@example.com');
    expect(
      (
        await api.call('POST', '/v1/sync/notes/push', {
          token: learner.accessToken,
          body: [{ assumedMasterState: null, newDocumentState: note('note-lost') }],
        })
      ).status,
    ).toBe(200);
    expect(await contents(api)).not.toBe(atBackup);
    await api.close();

    // …and a restore brings back the backup's state exactly.
    if (backend === 'sqlite') await restoreSqlite(dataDir, file);
    else await restorePostgres(env.DATABASE_URL!, file, postgresBin());
    api = await startTestServer(dataDir, env);
    try {
      expect(await contents(api)).toBe(atBackup);
      expect(
        (
          await api.call('POST', '/v1/auth/login', {
            body: {
              email: 'after@example.com',
              password: 'correct horse battery',
              device: { installId: 'install-after-0000001', name: 'x', platform: 'linux' },
            },
          })
        ).status,
      ).toBe(401);
    } finally {
      await api.close();
    }
  }, 60_000);
});
