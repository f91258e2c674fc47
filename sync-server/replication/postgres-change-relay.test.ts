import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../../tests/postgres.js';
import { useCleanups } from '../../tests/helpers.js';
import { createPostgresPool } from '../sql/postgres-database.js';
import { ChangeHub, type ChangeNotice } from './change-hub.js';
import { fitNotices, relayChangesThroughPostgres } from './postgres-change-relay.js';

const cleanups = useCleanups();
const postgres = startPostgres();
afterAll(async () => (await postgres).stop(), 60_000);

async function relayedHub(url: string) {
  const pool = createPostgresPool(url, 2);
  const hub = new ChangeHub();
  const received: ChangeNotice[][] = [];
  hub.subscribe((notices) => received.push(notices));
  const disconnect = await relayChangesThroughPostgres(pool, hub);
  cleanups.push(async () => {
    await disconnect();
    await pool.end();
  });
  return { hub, received };
}

describe('the change relay between instances', () => {
  it('carries a transaction too big for one NOTIFY (3,000 learners imported) as a notice every stream of that collection hears', async () => {
    const url = await (await postgres).createDatabase();
    const sender = await relayedHub(url);
    const receiver = await relayedHub(url);
    const notices = Array.from({ length: 3000 }, (_, i) => ({
      collection: 'entitlements',
      ownerId: `user-${i}`,
      isPublic: false,
    }));
    sender.hub.publish([...notices, { collection: 'courses', ownerId: 'creator-1', isPublic: true }]);
    for (let i = 0; i < 100 && receiver.received.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.received).toEqual([
      [
        { collection: 'entitlements', ownerId: null, isPublic: true },
        { collection: 'courses', ownerId: null, isPublic: true },
      ],
    ]);
  });

  it('sends small batches exactly, without duplicates', () => {
    const one = { collection: 'notes', ownerId: 'u1', isPublic: false };
    expect(fitNotices([one, { ...one }, { collection: 'notes', ownerId: 'u2', isPublic: false }])).toEqual([
      one,
      { collection: 'notes', ownerId: 'u2', isPublic: false },
    ]);
  });
});
