import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { NoteDoc } from '../../../../common/collections/index.js';
import { projectRoot, useCleanups, useTempDirs } from '../../../../tests/helpers.js';
import { eventually, spawnDevice } from './sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

/** The sync server as its own process, so it can be killed outright (SIGKILL), not shut down. */
function serverProcess(
  dataDir: string,
  port: number,
  onLine: (line: string) => void,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'sync-server/main.ts')], {
    env: {
      ...process.env,
      ZHIKU_MODE: 'development',
      ZHIKU_DATA_DIR: dataDir,
      ZHIKU_SERVER_PORT: String(port),
      ZHIKU_LOG_LEVEL: 'info',
      ZHIKU_DEMO_CATALOG: 'off',
      ZHIKU_AUTH_RATE_LIMIT: '10000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('{"event":"ready"')) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
      onLine(line);
    });
  });
}

describe('a server killed during a push', () => {
  it('loses nothing and duplicates nothing once it is back', async () => {
    const dataDir = newDir();
    let killOnPush: (() => void) | undefined;
    const watch = (line: string) => {
      if (killOnPush && line.includes('/v1/sync/notes/push')) {
        killOnPush();
        killOnPush = undefined;
      }
    };
    const first = await serverProcess(dataDir, 0, watch);
    const port = Number(new URL(first.url).port);
    const learner = await spawnDevice(newDir(), first.url, 'Laptop');
    cleanups.push(() => learner.close());
    await learner.call('signUp', {
      email: 'crash@example.com',
      password: 'correct horse battery',
      displayName: 'Crash',
    });
    const userId = await learner.call<string>('userId');

    // The moment the server receives the push, it dies.
    const killed = new Promise<void>((resolve) => {
      killOnPush = () => {
        first.child.kill('SIGKILL');
        resolve();
      };
    });
    const notes: NoteDoc[] = Array.from({ length: 250 }, (_, i) => ({
      id: `crash-${i}`,
      userId,
      courseId: 'c1',
      lessonId: 'l1',
      kind: 'note',
      anchor: { type: 'page', start: i },
      body: `第 ${i} 条笔记`,
      createdAt: i + 1,
      updatedAt: i + 1,
    }));
    for (const note of notes) await learner.call('insert', 'notes', note);
    await killed;

    // The learner keeps writing while the server is down.
    await learner.call('insert', 'notes', { ...notes[0]!, id: 'while-down', body: '服务器宕机时写的' });

    await serverProcess(dataDir, port, () => undefined);
    await learner.call('resync');
    await eventually(
      async () =>
        (await learner.call<{ pendingChanges: number }>('syncStatus')).pendingChanges === 0 &&
        (await learner.call<{ online: boolean }>('syncStatus')).online,
      30_000,
    );
    await learner.call('awaitInSync');

    const local = await learner.call<NoteDoc[]>('find', 'notes');
    expect(local).toHaveLength(251);
    expect(local.filter((n) => n.conflictOf !== undefined)).toEqual([]);

    // A fresh device of the same learner sees exactly the same notes on the server.
    const other = await spawnDevice(newDir(), `http://127.0.0.1:${port}`, 'Desktop');
    cleanups.push(() => other.close());
    await other.call('signIn', { email: 'crash@example.com', password: 'correct horse battery' });
    await eventually(async () => (await other.call<number>('count', 'notes')) === 251, 30_000);
    const remote = await other.call<NoteDoc[]>('find', 'notes');
    expect(remote.map((n) => n.id).sort()).toEqual(local.map((n) => n.id).sort());
    expect(remote.find((n) => n.id === 'crash-7')?.body).toBe('第 7 条笔记');
  }, 120_000);
});
