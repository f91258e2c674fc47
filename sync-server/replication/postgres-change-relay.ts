import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ChangeHub, ChangeNotice } from './change-hub.js';

const CHANNEL = 'zhiku_changes';

/** Relays change notices between servers sharing one PostgreSQL, so every device's stream hears every commit. */
export async function relayChangesThroughPostgres(pool: pg.Pool, hub: ChangeHub): Promise<() => Promise<void>> {
  const origin = randomUUID();
  const listener = await pool.connect();
  listener.on('notification', (message) => {
    if (message.channel !== CHANNEL || !message.payload) return;
    const { from, notices } = JSON.parse(message.payload) as { from: string; notices: ChangeNotice[] };
    if (from !== origin) hub.receive(notices);
  });
  await listener.query(`LISTEN ${CHANNEL}`);
  hub.relay = (notices) => {
    void pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ from: origin, notices })]).catch(() => undefined);
  };
  return async () => {
    hub.relay = undefined;
    await listener.query(`UNLISTEN ${CHANNEL}`).catch(() => undefined);
    listener.release();
  };
}
