/**
 * `npm run bench:load -- [--devices 1000] [--seconds 60]`: simulated devices against two
 * sync-server instances on one PostgreSQL behind nginx, all on loopback, bounded in time and
 * stopping by itself. Each device signs in, does its initial catalog sync, then mixes live
 * edits (note pushes and pulls), content downloads (ranges of a free lesson) and test
 * purchases. Prints throughput, p50/p95/p99 per operation, errors, and an audit that every
 * write the server acknowledged is stored exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startNginx } from '../../tests/nginx.ts';
import { startPostgres } from '../../tests/postgres.ts';
import { startInstance } from '../../tests/sync-instances.ts';

const { values } = parseArgs({
  options: { devices: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '60' } },
});
const DEVICES = Number(values.devices);
const SECONDS = Number(values.seconds);
const ACCOUNTS = Math.max(1, Math.ceil(DEVICES / 4));

const timings = new Map<string, number[]>();
const errors = new Map<string, number>();
const reasons = new Map<string, number>();
async function timed<T>(operation: string, work: () => Promise<T>): Promise<T | undefined> {
  const started = performance.now();
  try {
    const result = await work();
    (timings.get(operation) ?? timings.set(operation, []).get(operation)!).push(performance.now() - started);
    return result;
  } catch (error) {
    errors.set(operation, (errors.get(operation) ?? 0) + 1);
    const why =
      error instanceof Error ? (/: (\d{3})$/.exec(error.message)?.[1] ?? error.message.slice(0, 40)) : String(error);
    reasons.set(`${operation} ${why}`, (reasons.get(`${operation} ${why}`) ?? 0) + 1);
    return undefined;
  }
}
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

const scratch = mkdtempSync(join(tmpdir(), 'zhiku-load-'));
const postgres = await startPostgres();
const database = await postgres.createDatabase();
const shared = {
  DATABASE_URL: database,
  ZHIKU_TOKEN_SECRET: 'a-load-test-secret-that-is-long-enough',
  ZHIKU_CONTENT_DIR: join(scratch, 'content'),
  ZHIKU_SERVER_PORT: '0',
  ZHIKU_AUTH_RATE_LIMIT: '100000',
  ZHIKU_MAX_DEVICES: '10',
};
const first = await startInstance({ ...shared, ZHIKU_DATA_DIR: join(scratch, 'a') });
const second = await startInstance({ ...shared, ZHIKU_DATA_DIR: join(scratch, 'b') });
const nginx = await startNginx([first.url, second.url].map((u) => new URL(u).host));
const url = nginx.url;
console.log(
  `2 instances on PostgreSQL behind nginx at ${url}; ${DEVICES} devices on ${ACCOUNTS} accounts for ${SECONDS} s`,
);

const send = async (
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  headers: Record<string, string> = {},
) => {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return response;
};

// Accounts first (argon2 hashing is the expensive part of signing up; it is not what is measured).
for (let i = 0; i < ACCOUNTS; i += 20) {
  await Promise.all(
    Array.from({ length: Math.min(20, ACCOUNTS - i) }, (_, j) =>
      send('POST', '/v1/auth/register', {
        email: `load${i + j}@example.com`,
        password: 'correct horse battery',
        displayName: `Load ${i + j}`,
        role: 'learner',
      }),
    ),
  );
}

const acknowledged = new Set<string>();
const PAID = [
  'algorithms-intro',
  'typescript-practice',
  'python-data',
  'ml-foundations',
  'ui-design-basics',
  'startup-finance',
  'product-management',
  'business-english',
  'mandarin-beginners',
  'classical-music-listening',
];
let alreadyOwned = 0;
const deadline = Date.now() + SECONDS * 1000;
async function device(index: number): Promise<void> {
  const account = index % ACCOUNTS;
  const login = await timed(
    'sign in',
    async () =>
      (await (
        await send('POST', '/v1/auth/login', {
          email: `load${account}@example.com`,
          password: 'correct horse battery',
          device: {
            installId: `install-load-${String(index).padStart(8, '0')}`,
            name: `Device ${index}`,
            platform: 'linux',
          },
        })
      ).json()) as { accessToken: string; user: { id: string } },
  );
  if (!login) return;
  const token = login.accessToken;
  // Initial sync: the public catalog and lessons, page by page.
  for (const collection of ['courses', 'lessons']) {
    let seq = 0;
    for (;;) {
      const page = await timed(
        'initial pull',
        async () =>
          (await (await send('GET', `/v1/sync/${collection}/pull?seq=${seq}&limit=200`, undefined, token)).json()) as {
            documents: unknown[];
            checkpoint: { seq: number } | null;
          },
      );
      if (!page || page.documents.length === 0 || !page.checkpoint) break;
      seq = page.checkpoint.seq;
    }
  }
  let noteSeq = 0;
  let n = 0;
  while (Date.now() < deadline) {
    const roll = Math.random();
    if (roll < 0.5) {
      const id = `note-${index}-${n++}`;
      const doc = {
        id,
        userId: login.user.id,
        courseId: 'typography-screens',
        lessonId: 'type-l1',
        kind: 'note',
        anchor: { type: 'time', start: n },
        body: `load ${id}`,
        createdAt: Date.now(),
        updatedAt: Date.now(),
        _deleted: false,
      };
      const conflicts = await timed(
        'push note',
        async () =>
          (await (
            await send('POST', '/v1/sync/notes/push', [{ assumedMasterState: null, newDocumentState: doc }], token)
          ).json()) as unknown[],
      );
      if (conflicts && conflicts.length === 0) acknowledged.add(id);
    } else if (roll < 0.8) {
      const page = await timed(
        'pull notes',
        async () =>
          (await (await send('GET', `/v1/sync/notes/pull?seq=${noteSeq}&limit=100`, undefined, token)).json()) as {
            checkpoint: { seq: number } | null;
          },
      );
      if (page?.checkpoint) noteSeq = page.checkpoint.seq;
    } else if (roll < 0.97) {
      const start = Math.floor(Math.random() * 100);
      await timed('download range', async () =>
        (
          await send('GET', '/v1/content/lessons/type-l1', undefined, token, { range: `bytes=${start}-${start + 511}` })
        ).arrayBuffer(),
      );
    } else {
      const course = PAID[Math.floor(Math.random() * PAID.length)]!;
      await timed('test purchase', async () => {
        const response = await fetch(`${url}/v1/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ courseIds: [course] }),
        });
        // Another device of the account bought it already: a refusal the app shows, not a failure.
        if (response.status === 409) return void (alreadyOwned += 1);
        if (!response.ok) throw new Error(`order: ${response.status}`);
        const order = (await response.json()) as { checkoutUrl: string };
        const sessionId = new URL(order.checkoutUrl).pathname.split('/').pop()!;
        await (await send('POST', `/v1/test-checkout/${sessionId}/pay`)).text();
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 800));
  }
}

const started = performance.now();
// Devices arrive over the first tenth of the run, as a classroom opens its laptops.
await Promise.all(
  Array.from({ length: DEVICES }, (_, i) =>
    new Promise((resolve) => setTimeout(resolve, (i / DEVICES) * SECONDS * 100)).then(() => device(i)),
  ),
);
const elapsed = (performance.now() - started) / 1000;

const client = new pg.Client({ connectionString: database });
await client.connect();
const stored = await client.query<{ id: string; n: string }>(
  "SELECT id, COUNT(*) AS n FROM documents WHERE collection = 'notes' AND deleted = 0 GROUP BY id",
);
await client.end();
const storedIds = new Map(stored.rows.map((r) => [r.id, Number(r.n)]));
const missing = [...acknowledged].filter((id) => !storedIds.has(id));
const duplicated = [...storedIds.values()].filter((n) => n > 1).length;

let total = 0;
console.log(
  `\n${'operation'.padEnd(16)} ${'count'.padStart(8)} ${'per s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`,
);
for (const [operation, list] of timings) {
  const sorted = list.sort((a, b) => a - b);
  total += sorted.length;
  console.log(
    `${operation.padEnd(16)} ${String(sorted.length).padStart(8)} ${(sorted.length / elapsed).toFixed(1).padStart(8)} ${percentile(sorted, 0.5).toFixed(1).padStart(8)} ${percentile(sorted, 0.95).toFixed(1).padStart(8)} ${percentile(sorted, 0.99).toFixed(1).padStart(8)} ${String(errors.get(operation) ?? 0).padStart(7)}`,
  );
}
for (const [operation, count] of errors)
  if (!timings.has(operation)) console.log(`${operation.padEnd(16)} ${'0'.padStart(8)} errors ${count}`);
if (reasons.size > 0)
  console.log(`errors by cause: ${[...reasons].map(([cause, count]) => `${cause} ×${count}`).join(', ')}`);
console.log(
  `\n${total} requests in ${elapsed.toFixed(1)} s (${(total / elapsed).toFixed(0)}/s); purchases refused as already owned: ${alreadyOwned}; audit: ${acknowledged.size} acknowledged note writes, ${missing.length} missing on the server, ${duplicated} stored more than once`,
);

await nginx.stop();
await first.stop();
await second.stop();
await postgres.stop();
rmSync(scratch, { recursive: true, force: true });
if (missing.length > 0 || duplicated > 0) process.exit(1);
