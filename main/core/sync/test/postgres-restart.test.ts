import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPostgres } from '../../../../tests/postgres.js';
import { useCleanups, useTempDirs } from '../../../../tests/helpers.js';
import { startInstance } from '../../../../tests/sync-instances.js';
import { eventually, spawnDevice } from './sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();
const postgres = startPostgres();
afterAll(async () => (await postgres).stop(), 60_000);

type Instance = Awaited<ReturnType<typeof startInstance>>;
/** An instance's readiness; an instance that has died fails the test at once, saying so. */
const ready = async (instance: Instance) => {
  if (instance.process.exitCode !== null || instance.process.signalCode !== null)
    throw new Error(
      `the instance at ${instance.url} exited (${instance.process.exitCode ?? instance.process.signalCode})`,
    );
  return (await fetch(`${instance.url}/health/ready`).catch(() => undefined))?.status;
};

describe('PostgreSQL restarting under two instances', () => {
  it('keeps both instances up, lets devices write through the outage, and loses or doubles nothing; live changes resume across instances', async () => {
    const db = await postgres;
    const database = await db.createDatabase();
    const shared = {
      DATABASE_URL: database,
      ZHIKU_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-to-sign',
      ZHIKU_CONTENT_DIR: newDir(),
      ZHIKU_SERVER_PORT: '0',
      ZHIKU_AUTH_RATE_LIMIT: '10000',
    };
    const first = await startInstance({ ...shared, ZHIKU_DATA_DIR: newDir() });
    cleanups.push(() => first.stop());
    const second = await startInstance({ ...shared, ZHIKU_DATA_DIR: newDir() });
    cleanups.push(() => second.stop());
    // Each device talks to its own instance: live changes must cross between them.
    const laptop = await spawnDevice(newDir(), first.url, 'Laptop');
    cleanups.push(() => laptop.close());
    const desktop = await spawnDevice(newDir(), second.url, 'Desktop');
    cleanups.push(() => desktop.close());
    await laptop.call('signUp', { email: 'lin@example.com', password: 'correct horse battery', displayName: '林' });
    await desktop.call('signIn', { email: 'lin@example.com', password: 'correct horse battery' });
    await eventually(async () => (await desktop.call<number>('showCatalogue')) > 40);
    await eventually(async () => (await laptop.call<number>('showCatalogue')) > 40);
    const note = (i: number) => ({
      lessonId: 'type-l1',
      kind: 'note',
      anchor: { type: 'time', start: i },
      body: `笔记 ${i}`,
    });
    for (let i = 0; i < 10; i++) await laptop.call('invoke', 'notes.save', note(i));
    await eventually(async () => (await desktop.call<number>('count', 'notes')) === 10, 30_000);

    // PostgreSQL goes away mid-traffic: pushes are in flight when it dies.
    const racing = (async () => {
      for (let i = 10; i < 25; i++) await laptop.call('invoke', 'notes.save', note(i));
    })();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const downAt = Date.now();
    db.crash();
    await racing;
    // Both instances stay alive, and say they are not ready.
    await eventually(async () => (await ready(first)) === 503 && (await ready(second)) === 503, 20_000);
    expect((await fetch(`${first.url}/health/live`)).status).toBe(200);
    // The learner keeps writing through the outage: every save lands on the device at once.
    for (let i = 25; i < 40; i++) await laptop.call('invoke', 'notes.save', note(i));
    expect(await laptop.call<number>('count', 'notes')).toBe(40);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    db.restart();
    const restartedAt = Date.now();
    await eventually(async () => (await ready(first)) === 200 && (await ready(second)) === 200, 30_000);
    const readyAgainMs = Date.now() - restartedAt;

    // Without any manual re-sync: the laptop's queued pushes land, and the desktop (on the other
    // instance) hears of them once the change relay is back.
    await eventually(async () => (await desktop.call<number>('count', 'notes')) === 40, 60_000);
    const caughtUpMs = Date.now() - restartedAt;
    // And live changes flow again.
    await laptop.call('invoke', 'notes.save', note(40));
    await eventually(async () => (await desktop.call<number>('count', 'notes')) === 41, 30_000);

    const client = new pg.Client({ connectionString: database });
    await client.connect();
    const rows = await client.query<{ body: string }>(
      "SELECT data::json->>'body' AS body FROM documents WHERE collection = 'notes' AND deleted = 0",
    );
    await client.end();
    const bodies = rows.rows.map((row) => row.body);
    expect(bodies).toHaveLength(41);
    expect(new Set(bodies).size).toBe(41);
    expect(first.process.exitCode).toBeNull();
    expect(second.process.exitCode).toBeNull();
    console.warn(
      `PostgreSQL down ${((restartedAt - downAt) / 1000).toFixed(1)} s; instances ready again ${readyAgainMs} ms after its restart; other device caught up ${caughtUpMs} ms after; 41/41 notes on the server once`,
    );
  }, 180_000);
});
