/**
 * `npm run bench:server`: pull throughput and pull/push latency of the sync server at 1,
 * 10 and 100 concurrent clients on loopback, each beside a bare Fastify route in the same
 * process returning the same bytes from memory. Prints figures and ratios.
 *
 * `-- --postgres` runs it on PostgreSQL (its own, in a temp dir); `-- --platform` on PostgreSQL
 * holding the platform's catalogue (100,000 courses, 1,000,000 lessons, 10,000,000 reviews,
 * seeded as bench:sync does) and measures the catalogue pull a new laptop makes — pages of course
 * summaries from random checkpoints and the newest-first pass — beside the learner's own notes.
 * Every run stops itself after its time limit and stops its PostgreSQL on the way out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { PULL_PAGE_LIMIT } from '../../common/server-api/replication.ts';
import { readServerConfig } from '../../sync-server/config.ts';
import { startServer } from '../../sync-server/start-server.ts';
import { startPostgres } from '../../tests/postgres.ts';
import { seedCatalogue } from './seed-catalogue.ts';

const DOCS = 20_000;
/** What a device asks for per pull. */
const PAGE = PULL_PAGE_LIMIT;
const REQUESTS_PER_LEVEL = 2_000;
const LEVELS = [1, 10, 100];
const platform = process.argv.includes('--platform');
const backend = platform || process.argv.includes('--postgres') ? 'PostgreSQL' : 'SQLite';
const CATALOGUE = { courses: 100_000, lessons: 1_000_000, reviews: 10_000_000 };
/** The whole run stops itself after this (seeding the platform's catalogue takes minutes). */
const TIME_LIMIT_MS = (platform ? 40 : 10) * 60_000;
const progress = (line: string) => console.error(`[bench:server ${new Date().toISOString().slice(11, 19)}] ${line}`);

const dataDir = mkdtempSync(join(tmpdir(), 'zhiku-bench-server-'));
const postgres = backend === 'PostgreSQL' ? await startPostgres() : undefined;
let postgresStopped = false;
// A run that fails or runs out of time leaves no database server behind.
process.on('exit', () => {
  if (postgres && !postgresStopped) postgres.crash();
});
setTimeout(() => {
  console.error(`bench:server stopped: over its ${TIME_LIMIT_MS / 60_000}-minute limit`);
  process.exit(2);
}, TIME_LIMIT_MS).unref();
const server = await startServer(
  readServerConfig(
    {
      ZHIKU_MODE: 'development',
      ZHIKU_DATA_DIR: dataDir,
      ZHIKU_SERVER_PORT: '0',
      ZHIKU_LOG_LEVEL: 'silent',
      ZHIKU_DEMO_CATALOG: 'off',
      ZHIKU_AUTH_RATE_LIMIT: '100000',
      ...(postgres
        ? {
            DATABASE_URL: await postgres.createDatabase(),
            ZHIKU_TOKEN_SECRET: 'a-bench-secret-that-is-long-enough-to-sign',
          }
        : {}),
    },
    { demoCatalogPath: '' },
  ),
  'bench',
);
if (platform) {
  const started = performance.now();
  await seedCatalogue(server.context.db, CATALOGUE, progress);
  progress(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
const post = (path: string, body: unknown, token?: string) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
await post('/v1/auth/register', {
  email: 'bench@example.com',
  password: 'correct horse battery',
  displayName: 'Bench',
});
const login = (await (
  await post('/v1/auth/login', {
    email: 'bench@example.com',
    password: 'correct horse battery',
    device: { installId: 'bench-install-000001', name: 'Bench', platform: 'linux' },
  })
).json()) as { accessToken: string; user: { id: string } };
const { accessToken: token, user } = login;

const note = (id: string) => ({
  id,
  userId: user.id,
  courseId: 'course-bench',
  lessonId: 'lesson-1',
  kind: 'note',
  anchor: { type: 'text', start: 120, end: 180, quote: '动态规划的核心是状态转移' },
  body: '笔记：先写出状态，再写转移方程。Remember to iterate capacity downwards. '.repeat(2),
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  _deleted: false,
});
for (let start = 0; start < DOCS; start += 500) {
  const rows = Array.from({ length: 500 }, (_, i) => ({ newDocumentState: note(`seed-${start + i}`) }));
  const response = await post('/v1/sync/notes/push', rows, token);
  if (response.status !== 200) throw new Error(`seeding failed: ${response.status}`);
}

const auth = { authorization: `Bearer ${token}` };
/** A pull a device makes, from a spread of checkpoints (n is the request's number). */
interface PullRoute {
  name: string;
  url: (n: number) => string;
}
const pulls: PullRoute[] = [
  {
    name: 'notes (the learner’s own)',
    url: (n) => `/v1/sync/notes/pull?seq=${(n * 997) % (DOCS - PAGE)}&limit=${PAGE}`,
  },
];
if (platform) {
  const { db } = server.context;
  const courseSeqs = (await db.get<{ low: number | string; high: number | string }>(
    "SELECT MIN(seq) AS low, MAX(seq) AS high FROM documents WHERE collection = 'courses'",
  ))!;
  const [low, high] = [Number(courseSeqs.low), Number(courseSeqs.high)];
  const top = Number((await db.get<{ top: number | string }>('SELECT MAX(seq) AS top FROM documents'))!.top);
  const spread = (n: number) => low + ((n * 7919) % (high - low - PAGE));
  pulls.push(
    { name: 'courses (catalogue, in order)', url: (n) => `/v1/sync/courses/pull?seq=${spread(n)}&limit=${PAGE}` },
    {
      name: 'courses (newest first)',
      url: (n) => `/v1/sync/courses/pull?seq=${top}&limit=${PAGE}&newest=1&below=${spread(n) + PAGE}`,
    },
  );
}

// The baseline: the same framework, the same bytes, no auth, no database — per route, one of its pages.
const samples = new Map<string, Buffer>();
for (const route of pulls) {
  const answer = await fetch(`${server.url}${route.url(1)}`, { headers: auth });
  if (answer.status !== 200) throw new Error(`${route.name}: ${answer.status} ${await answer.text()}`);
  samples.set(route.name, Buffer.from(await answer.arrayBuffer()));
}
const bare = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
bare.get<{ Querystring: { route: string } }>('/bare/pull', async (request, reply) =>
  reply.header('content-type', 'application/json; charset=utf-8').send(samples.get(request.query.route)),
);
bare.post('/bare/push', async () => []);
const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

async function measure(
  concurrency: number,
  request: (n: number) => Promise<Response>,
): Promise<{ p50: number; p95: number; perSecond: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < REQUESTS_PER_LEVEL) {
        const n = next++;
        const t = performance.now();
        const response = await request(n);
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`status ${response.status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50: latencies[Math.floor(latencies.length * 0.5)]!,
    p95: latencies[Math.floor(latencies.length * 0.95)]!,
    perSecond: latencies.length / seconds,
  };
}

// Warm-up, not measured: both servers' code paths compiled and their caches filled before the first cell.
for (const route of pulls) {
  await measure(10, (n) => fetch(`${server.url}${route.url(n)}`, { headers: auth }));
  await measure(10, () => fetch(`${bareUrl}/bare/pull?route=${encodeURIComponent(route.name)}`));
}

const rows: Record<string, string>[] = [];
const fmt = (ms: number) => ms.toFixed(2);
let pushCounter = 0;
for (const concurrency of LEVELS) {
  for (const route of pulls) {
    progress(`${route.name} at ${concurrency} client(s)`);
    const pull = await measure(concurrency, (n) => fetch(`${server.url}${route.url(n)}`, { headers: auth }));
    const barePull = await measure(concurrency, () =>
      fetch(`${bareUrl}/bare/pull?route=${encodeURIComponent(route.name)}`),
    );
    const perPage = (JSON.parse(samples.get(route.name)!.toString('utf8')) as { documents: unknown[] }).documents
      .length;
    rows.push({
      clients: String(concurrency),
      request: `pull ${route.name}`,
      'docs/s (ours / bare)': `${Math.round(pull.perSecond * perPage).toLocaleString('en')} / ${Math.round(barePull.perSecond * perPage).toLocaleString('en')} (${(pull.perSecond / barePull.perSecond).toFixed(2)}×)`,
      'p50 / p95 ms (ours | bare)': `${fmt(pull.p50)} / ${fmt(pull.p95)} | ${fmt(barePull.p50)} / ${fmt(barePull.p95)}`,
      'p50 ratio': `${(pull.p50 / barePull.p50).toFixed(2)}×`,
    });
  }
  const pushBody = () => JSON.stringify([{ newDocumentState: note(`push-${pushCounter++}`) }]);
  const push = await measure(concurrency, () =>
    fetch(`${server.url}/v1/sync/notes/push`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: pushBody(),
    }),
  );
  const barePush = await measure(concurrency, () =>
    fetch(`${bareUrl}/bare/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: pushBody(),
    }),
  );
  rows.push({
    clients: String(concurrency),
    request: 'push one note',
    'docs/s (ours / bare)': '',
    'p50 / p95 ms (ours | bare)': `${fmt(push.p50)} / ${fmt(push.p95)} | ${fmt(barePush.p50)} / ${fmt(barePush.p95)}`,
    'p50 ratio': `${(push.p50 / barePush.p50).toFixed(2)}×`,
  });
}

await bare.close();
await server.close();
if (postgres) {
  await postgres.stop();
  postgresStopped = true;
}
rmSync(dataDir, { recursive: true, force: true });
const catalogue = platform
  ? `, a catalogue of ${CATALOGUE.courses.toLocaleString('en')} courses, ${CATALOGUE.lessons.toLocaleString('en')} lessons and ${CATALOGUE.reviews.toLocaleString('en')} reviews`
  : '';
console.log(
  `\nbench:server — ${backend} backend${catalogue}, ${DOCS.toLocaleString('en')} notes, pages of ${PAGE}, ${REQUESTS_PER_LEVEL} requests per cell, Node ${process.versions.node}, ${new Date().toISOString()}\n`,
);
console.table(rows);
