/**
 * `npm run bench:relay`: how fast a change notice crosses from one instance to another through
 * PostgreSQL LISTEN/NOTIFY (what Zhiku uses) and through Redis pub/sub (the alternative), in the
 * same run: latency one notice at a time, and the time to deliver a burst.
 */
import Redis from 'ioredis';
import { ChangeHub, type ChangeNotice } from '../../sync-server/replication/change-hub.ts';
import { relayChangesThroughPostgres } from '../../sync-server/replication/postgres-change-relay.ts';
import { createPostgresPool } from '../../sync-server/sql/postgres-database.ts';
import { startPostgres } from '../../tests/postgres.ts';
import { startRedis } from '../../tests/redis.ts';

const SINGLE = 2000;
const BURST = 20_000;

interface Transport {
  name: string;
  send(notices: ChangeNotice[]): void;
  onReceive(listener: (notices: ChangeNotice[]) => void): void;
  close(): Promise<void>;
}

async function measure(transport: Transport) {
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let waiting: { until: number; resolve: () => void } | undefined;
  let received = 0;
  transport.onReceive((notices) => {
    for (const notice of notices) {
      const n = Number(notice.ownerId);
      latencies.push(performance.now() - sentAt.get(n)!);
      received++;
    }
    if (waiting && received >= waiting.until) waiting.resolve();
  });
  const deliver = (until: number) =>
    new Promise<void>((resolve) => (received >= until ? resolve() : (waiting = { until, resolve })));
  const notice = (n: number): ChangeNotice => ({ collection: 'notes', ownerId: String(n), isPublic: false });

  for (let n = 0; n < SINGLE; n++) {
    sentAt.set(n, performance.now());
    transport.send([notice(n)]);
    await deliver(n + 1);
  }
  const single = [...latencies].sort((a, b) => a - b);
  latencies.length = 0;
  const started = performance.now();
  for (let n = SINGLE; n < SINGLE + BURST; n++) {
    sentAt.set(n, performance.now());
    transport.send([notice(n)]);
  }
  await deliver(SINGLE + BURST);
  const burstSeconds = (performance.now() - started) / 1000;
  const burst = [...latencies].sort((a, b) => a - b);
  await transport.close();
  const at = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(2);
  return {
    relay: transport.name,
    'one at a time p50 / p95 / p99 ms': `${at(single, 0.5)} / ${at(single, 0.95)} / ${at(single, 0.99)}`,
    [`burst of ${BURST.toLocaleString('en')}: notices/s`]: Math.round(BURST / burstSeconds).toLocaleString('en'),
    'burst p50 / p99 ms': `${at(burst, 0.5)} / ${at(burst, 0.99)}`,
  };
}

const rows: Record<string, string>[] = [];
const postgres = await startPostgres();
const redis = await startRedis();
try {
  const url = await postgres.createDatabase();
  const pools = [createPostgresPool(url, 4), createPostgresPool(url, 4)];
  const [sender, receiver] = [new ChangeHub(), new ChangeHub()];
  const disconnects = [
    await relayChangesThroughPostgres(pools[0]!, sender),
    await relayChangesThroughPostgres(pools[1]!, receiver),
  ];
  rows.push(
    await measure({
      name: 'PostgreSQL LISTEN/NOTIFY',
      send: (notices) => sender.publish(notices),
      onReceive: (listener) => receiver.subscribe(listener),
      close: async () => {
        for (const disconnect of disconnects) await disconnect();
        for (const pool of pools) await pool.end();
      },
    }),
  );
  const publisher = new Redis(redis.url);
  const subscriber = new Redis(redis.url);
  await subscriber.subscribe('zhiku_changes');
  rows.push(
    await measure({
      name: 'Redis pub/sub',
      send: (notices) => void publisher.publish('zhiku_changes', JSON.stringify({ from: 'a', notices })),
      onReceive: (listener) =>
        subscriber.on('message', (_channel: string, message: string) =>
          listener((JSON.parse(message) as { notices: ChangeNotice[] }).notices),
        ),
      close: async () => {
        publisher.disconnect();
        subscriber.disconnect();
      },
    }),
  );
} finally {
  await redis.stop();
  await postgres.stop();
}
console.log(`\nbench:relay — two receivers on loopback, Node ${process.versions.node}, ${new Date().toISOString()}\n`);
console.table(rows);
