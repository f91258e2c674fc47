import { afterAll, describe, expect, it } from 'vitest';
import type { NoteDoc } from '../../../../common/collections/index.js';
import { startNginx } from '../../../../tests/nginx.js';
import { startPostgres } from '../../../../tests/postgres.js';
import { useCleanups, useTempDirs } from '../../../../tests/helpers.js';
import { startInstance } from '../../../../tests/sync-instances.js';
import { eventually, spawnDevice } from './sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();
const postgres = startPostgres();
afterAll(async () => (await postgres).stop(), 60_000);

async function instance(env: Record<string, string>) {
  const started = await startInstance(env);
  cleanups.push(() => started.stop());
  return started;
}

describe('two instances on one PostgreSQL behind nginx', () => {
  it('serve devices through either, carry live changes across, and lose nothing when one is killed mid-traffic', async () => {
    const database = await (await postgres).createDatabase();
    const shared = {
      DATABASE_URL: database,
      ZHIKU_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-to-sign',
      ZHIKU_CONTENT_DIR: newDir(),
      ZHIKU_SERVER_PORT: '0',
      ZHIKU_AUTH_RATE_LIMIT: '10000',
    };
    const first = await instance({ ...shared, ZHIKU_DATA_DIR: newDir() });
    const second = await instance({ ...shared, ZHIKU_DATA_DIR: newDir() });
    const nginx = await startNginx([first.url, second.url].map((url) => new URL(url).host));
    cleanups.push(() => nginx.stop());

    const laptop = await spawnDevice(newDir(), nginx.url, 'Laptop');
    cleanups.push(() => laptop.close());
    const desktop = await spawnDevice(newDir(), nginx.url, 'Desktop');
    cleanups.push(() => desktop.close());
    await laptop.call('signUp', { email: 'mei@example.com', password: 'correct horse battery', displayName: '梅' });
    await desktop.call('signIn', { email: 'mei@example.com', password: 'correct horse battery' });
    // Both show the catalogue (the lessons of courses not held come with their pages), as learners do.
    await eventually(async () => (await laptop.call<number>('showCatalogue')) > 40);
    await eventually(async () => (await desktop.call<number>('showCatalogue')) > 40);
    const note = (i: number) => ({
      lessonId: 'type-l1',
      kind: 'note',
      anchor: { type: 'time', start: i },
      body: `笔记 ${i}`,
    });

    // Live changes reach the other device, whichever instance each is connected to.
    for (let i = 0; i < 20; i++) await laptop.call('invoke', 'notes.save', note(i));
    await eventually(async () => (await desktop.call<number>('count', 'notes')) === 20, 30_000);

    // One instance dies mid-traffic; the devices carry on through the other.
    const writing = (async () => {
      for (let i = 20; i < 60; i++) await laptop.call('invoke', 'notes.save', note(i));
    })();
    await new Promise((resolve) => setTimeout(resolve, 150));
    first.process.kill('SIGKILL');
    await writing;
    for (let i = 60; i < 80; i++) await desktop.call('invoke', 'notes.save', note(i));
    await eventually(async () => {
      await laptop.call('resync');
      await desktop.call('resync');
      return (
        (await laptop.call<number>('count', 'notes')) === 80 && (await desktop.call<number>('count', 'notes')) === 80
      );
    }, 60_000);

    // The server has every note exactly once.
    const health = await fetch(`${nginx.url}/health/ready`);
    expect(health.status).toBe(200);
    const bodies = (await laptop.call<NoteDoc[]>('find', 'notes')).map((n) => n.body).sort();
    expect(new Set(bodies).size).toBe(80);
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    const rows = await client.query<{ n: string }>(
      "SELECT COUNT(*) AS n FROM documents WHERE collection = 'notes' AND deleted = 0",
    );
    await client.end();
    expect(Number(rows.rows[0]!.n)).toBe(80);
  }, 150_000);
});
