import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ChangeHub, ChangeNotice } from './change-hub.js';

const CHANNEL = 'zhiku_changes';
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;

export interface RelayOptions {
  /** Told when the listening connection is lost and when it is back (for the log). */
  onStateChange?: (state: 'lost' | 'restored', error?: unknown) => void;
}

/**
 * Relays change notices between servers sharing one PostgreSQL, so every device's stream hears
 * every commit. The listening connection is re-established when PostgreSQL restarts or the link
 * drops; notices sent meanwhile are lost, so on its return every stream is told to re-pull.
 */
export async function relayChangesThroughPostgres(
  pool: pg.Pool,
  hub: ChangeHub,
  options: RelayOptions = {},
): Promise<() => Promise<void>> {
  const origin = randomUUID();
  let listener: pg.PoolClient | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const onNotification = (message: pg.Notification) => {
    if (message.channel !== CHANNEL || !message.payload) return;
    const { from, notices, resync } = JSON.parse(message.payload) as {
      from: string;
      notices?: ChangeNotice[];
      resync?: boolean;
    };
    if (from === origin) return;
    if (resync) hub.resync();
    else if (notices) hub.receive(notices);
  };

  /**
   * A notice that could not be sent (PostgreSQL away, a connection that died under it) is owed:
   * the other servers are told to re-pull everything once sending works again, retried with backoff.
   */
  let owed: NodeJS.Timeout | undefined;
  function oweResync(delay = FIRST_RETRY_MS): void {
    if (stopped || owed) return;
    owed = setTimeout(() => {
      owed = undefined;
      pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ from: origin, resync: true })]).then(
        () => options.onStateChange?.('restored'),
        () => oweResync(Math.min(delay * 2, MAX_RETRY_MS)),
      );
    }, delay);
    owed.unref();
  }

  async function listen(): Promise<void> {
    const client = await pool.connect();
    client.on('error', (error) => lose(client, error));
    client.on('notification', onNotification);
    try {
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      client.release(true);
      throw error;
    }
    listener = client;
  }

  function lose(client: pg.PoolClient, error: unknown): void {
    if (listener !== client) return;
    listener = undefined;
    client.release(true);
    options.onStateChange?.('lost', error);
    reconnect(FIRST_RETRY_MS);
  }

  function reconnect(delay: number): void {
    if (stopped) return;
    retry = setTimeout(() => {
      listen().then(
        () => {
          if (stopped) {
            listener?.release();
            listener = undefined;
            return;
          }
          options.onStateChange?.('restored');
          hub.resync();
        },
        () => reconnect(Math.min(delay * 2, MAX_RETRY_MS)),
      );
    }, delay);
    retry.unref();
  }

  await listen();
  hub.relay = (notices) => {
    // A notice that cannot be sent becomes a resync owed to the others, sent once PostgreSQL answers.
    pool
      .query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ from: origin, notices: fitNotices(notices) })])
      .catch((error: unknown) => {
        options.onStateChange?.('lost', error);
        oweResync();
      });
  };
  hub.relayResync = () => oweResync(0);
  return async () => {
    stopped = true;
    clearTimeout(retry);
    clearTimeout(owed);
    hub.relay = undefined;
    hub.relayResync = undefined;
    const client = listener;
    listener = undefined;
    if (!client) return;
    await client.query(`UNLISTEN ${CHANNEL}`).catch(() => undefined);
    client.release();
  };
}

/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more; leave room for the envelope. */
const MAX_NOTICES_JSON = 7000;

/**
 * The notices a payload can carry: duplicates dropped, and when a big transaction (a roster
 * import, a large course published) still does not fit, one public notice per collection, which
 * tells every stream of that collection to pull (more than needed, never less).
 */
export function fitNotices(notices: ChangeNotice[]): ChangeNotice[] {
  const unique = [
    ...new Map(notices.map((n) => [`${n.collection}\u0000${n.ownerId ?? ''}\u0000${n.isPublic}`, n])).values(),
  ];
  if (JSON.stringify(unique).length <= MAX_NOTICES_JSON) return unique;
  return [...new Set(notices.map((n) => n.collection))].map((collection) => ({
    collection,
    ownerId: null,
    isPublic: true,
  }));
}
