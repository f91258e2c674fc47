/**
 * `npm run bench:server`: pull throughput and pull/push latency of the sync server at 1,
 * 10 and 100 concurrent clients on loopback, each beside a bare Fastify route in the same
 * process returning the same bytes from memory. Prints figures and ratios.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { PULL_PAGE_LIMIT } from '../../common/server-api/replication.ts';
import { readServerConfig } from '../../sync-server/config.ts';
import { startServer } from '../../sync-server/start-server.ts';

const DOCS = 20_000;
/** What a device asks for per pull. */
const PAGE = PULL_PAGE_LIMIT;
const REQUESTS_PER_LEVEL = 2_000;
const LEVELS = [1, 10, 100];

const dataDir = mkdtempSync(join(tmpdir(), 'zhiku-bench-server-'));
const server = await startServer(
  readServerConfig(
    {
      ZHIKU_MODE: 'development',
      ZHIKU_DATA_DIR: dataDir,
      ZHIKU_SERVER_PORT: '0',
      ZHIKU_LOG_LEVEL: 'silent',
      ZHIKU_DEMO_CATALOG: 'off',
      ZHIKU_AUTH_RATE_LIMIT: '100000',
    },
    { demoCatalogPath: '' },
  ),
  'bench',
);
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

// The baseline: the same framework, the same bytes, no auth, no database.
const samplePage = Buffer.from(
  await (
    await fetch(`${server.url}/v1/sync/notes/pull?seq=0&limit=${PAGE}`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).arrayBuffer(),
);
const bare = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
bare.get('/bare/pull', async (_request, reply) =>
  reply.header('content-type', 'application/json; charset=utf-8').send(samplePage),
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

const auth = { authorization: `Bearer ${token}` };
const rows: Record<string, string>[] = [];
let pushCounter = 0;
for (const concurrency of LEVELS) {
  const pull = await measure(concurrency, (n) =>
    fetch(`${server.url}/v1/sync/notes/pull?seq=${(n * 997) % (DOCS - PAGE)}&limit=${PAGE}`, { headers: auth }),
  );
  const barePull = await measure(concurrency, () => fetch(`${bareUrl}/bare/pull`));
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
  const fmt = (ms: number) => ms.toFixed(2);
  rows.push({
    clients: String(concurrency),
    'pull docs/s (ours / bare)': `${Math.round(pull.perSecond * PAGE).toLocaleString('en')} / ${Math.round(barePull.perSecond * PAGE).toLocaleString('en')} (${(pull.perSecond / barePull.perSecond).toFixed(2)}×)`,
    'pull p50 / p95 ms (ours | bare)': `${fmt(pull.p50)} / ${fmt(pull.p95)} | ${fmt(barePull.p50)} / ${fmt(barePull.p95)}`,
    'pull p50 ratio': `${(pull.p50 / barePull.p50).toFixed(2)}×`,
    'push p50 / p95 ms (ours | bare)': `${fmt(push.p50)} / ${fmt(push.p95)} | ${fmt(barePush.p50)} / ${fmt(barePush.p95)}`,
    'push p50 ratio': `${(push.p50 / barePush.p50).toFixed(2)}×`,
  });
}

await bare.close();
await server.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(
  `\nbench:server — SQLite backend, ${DOCS.toLocaleString('en')} notes, pages of ${PAGE}, ${REQUESTS_PER_LEVEL} requests per cell, Node ${process.versions.node}, ${new Date().toISOString()}\n`,
);
console.table(rows);
