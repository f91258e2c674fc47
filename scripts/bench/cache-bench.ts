/**
 * `npm run bench:cache`: what the caches save, each beside the same work uncached in this run.
 *
 * 1. Catalogue pulls: signed-in learners' first sync of a large catalogue (pages of 1,000, as
 *    devices pull) against a server with the shared catalogue cache, then the same data with it
 *    off (ZHIKU_CATALOG_CACHE_MB=0); SQLite and PostgreSQL.
 * 2. Content through nginx (deploy/nginx.conf.template): a free preview video and the
 *    recommendation aggregates fetched by many learners through nginx's shared cache, beside the
 *    same requests straight to the instance.
 *
 * Options: --courses N (2000), --learners N (100), --concurrency N (20).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sampleCourse, sampleLesson } from '../../main/core/database/samples.ts';
import { readServerConfig } from '../../sync-server/config.ts';
import { startServer, type RunningServer } from '../../sync-server/start-server.ts';
import { demoCatalogPath } from '../../tests/helpers.ts';
import { startNginx } from '../../tests/nginx.ts';
import { startPostgres } from '../../tests/postgres.ts';

const { values } = parseArgs({
  options: {
    courses: { type: 'string', default: '2000' },
    learners: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '20' },
  },
});
const COURSES = Number(values.courses);
const LEARNERS = Number(values.learners);
const CONCURRENCY = Number(values.concurrency);
const LESSONS_PER_COURSE = 10;
const REVIEWS_PER_COURSE = 5;
const PAGE = 1000;

interface Sample {
  ms: number;
  hit: boolean;
}
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const fmt = (ms: number) => ms.toFixed(2);

async function start(env: Record<string, string>, withDemo = false): Promise<RunningServer> {
  const config = readServerConfig(
    {
      ZHIKU_MODE: 'development',
      ZHIKU_SERVER_PORT: '0',
      ZHIKU_LOG_LEVEL: 'silent',
      ZHIKU_AUTH_RATE_LIMIT: '100000',
      ZHIKU_TOKEN_SECRET: 'a-bench-secret-that-is-long-enough-to-sign',
      ...(withDemo ? {} : { ZHIKU_DEMO_CATALOG: 'off' }),
      ...env,
    },
    { demoCatalogPath: withDemo ? demoCatalogPath : '' },
  );
  return startServer(config, 'bench');
}

/** Writes the synthetic catalogue as the server would publish it. */
async function seedCatalogue(server: RunningServer): Promise<number> {
  let written = 0;
  for (let start = 0; start < COURSES; start += 100) {
    await server.context.documents.serverTransaction(async (_tx, write) => {
      for (let c = start; c < Math.min(COURSES, start + 100); c++) {
        const courseId = `bench-course-${c}`;
        const creatorId = `creator-${c % 50}`;
        const placement = { ownerId: creatorId, isPublic: true };
        write('courses', { ...sampleCourse(courseId, { creatorId }), _deleted: false }, placement);
        for (let l = 0; l < LESSONS_PER_COURSE; l++)
          write('lessons', { ...sampleLesson(courseId, l), _deleted: false }, placement);
        for (let r = 0; r < REVIEWS_PER_COURSE; r++) {
          write(
            'reviews',
            {
              id: `${courseId}-r${r}`,
              courseId,
              authorName: `学员 ${r}`,
              stars: 1 + ((c + r) % 5),
              text: '讲得很清楚，例子也好。',
              createdAt: 1,
              updatedAt: 1,
              _deleted: false,
            },
            { ownerId: null, isPublic: true },
          );
        }
        written += 1 + LESSONS_PER_COURSE + REVIEWS_PER_COURSE;
      }
    });
  }
  return written;
}

async function learnerTokens(url: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const email = `learner-${i}@example.com`;
    await post('/v1/auth/register', { email, password: 'correct horse battery', displayName: `Learner ${i}` });
    const login = (await (
      await post('/v1/auth/login', {
        email,
        password: 'correct horse battery',
        device: { installId: `bench-install-${String(i).padStart(8, '0')}`, name: 'Bench', platform: 'linux' },
      })
    ).json()) as { accessToken: string };
    tokens.push(login.accessToken);
  }
  return tokens;
}

/** Every learner's first sync of the catalogue collections, `CONCURRENCY` learners at a time. */
async function firstSyncs(url: string, tokens: string[]): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++]!;
        for (const collection of ['courses', 'lessons', 'reviews']) {
          for (let seq = 0; ;) {
            const t = performance.now();
            const response = await fetch(`${url}/v1/sync/${collection}/pull?seq=${seq}&limit=${PAGE}`, {
              headers: { authorization: `Bearer ${token}` },
            });
            const page = (await response.json()) as { documents: unknown[]; checkpoint: { seq: number } };
            if (response.status !== 200) throw new Error(`pull failed: ${response.status}`);
            samples.push({ ms: performance.now() - t, hit: response.headers.get('x-zhiku-cache') === 'hit' });
            if (page.documents.length < PAGE) break;
            seq = page.checkpoint.seq;
          }
        }
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

function summary(samples: Sample[], seconds: number) {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted.at(-1)!,
    perSecond: samples.length / seconds,
    hitRate: samples.filter((s) => s.hit).length / samples.length,
    requests: samples.length,
  };
}

const rows: Record<string, string>[] = [];
const postgres = await startPostgres();
try {
  for (const backend of ['sqlite', 'postgres'] as const) {
    const dataDir = mkdtempSync(join(tmpdir(), 'zhiku-bench-cache-'));
    const env = {
      ZHIKU_DATA_DIR: dataDir,
      ...(backend === 'postgres' ? { DATABASE_URL: await postgres.createDatabase() } : {}),
    };
    const seeding = await start(env);
    const documents = await seedCatalogue(seeding);
    const tokens = await learnerTokens(seeding.url, LEARNERS);
    await seeding.close();
    const results: Record<'on' | 'off', ReturnType<typeof summary>> = {} as never;
    for (const mode of ['off', 'on'] as const) {
      const server = await start({ ...env, ZHIKU_CATALOG_CACHE_MB: mode === 'on' ? '256' : '0' });
      // Warm-up of connections only: the cache starts cold, so its hit rate counts the first learner's misses.
      for (let i = 0; i < CONCURRENCY; i++) await fetch(`${server.url}/health/ready`);
      const { samples, seconds } = await firstSyncs(server.url, tokens);
      results[mode] = summary(samples, seconds);
      await server.close();
    }
    const { on, off } = results;
    rows.push({
      'catalogue first sync': `${backend}, ${documents.toLocaleString('en')} docs, ${LEARNERS} learners × ${on.requests / LEARNERS} pages`,
      'hit rate': `${(on.hitRate * 100).toFixed(1)}%`,
      'pages/s (cache | none)': `${Math.round(on.perSecond)} | ${Math.round(off.perSecond)} (${(on.perSecond / off.perSecond).toFixed(2)}×)`,
      'p50 ms (cache | none)': `${fmt(on.p50)} | ${fmt(off.p50)} (saves ${fmt(off.p50 - on.p50)})`,
      'p95 ms (cache | none)': `${fmt(on.p95)} | ${fmt(off.p95)} (saves ${fmt(off.p95 - on.p95)})`,
    });
    rmSync(dataDir, { recursive: true, force: true });
  }
} finally {
  await postgres.stop();
}

// Content through nginx's shared cache, beside the same requests straight to the instance.
const contentDir = mkdtempSync(join(tmpdir(), 'zhiku-bench-cache-content-'));
const instance = await start({ ZHIKU_DATA_DIR: contentDir }, true);
const nginx = await startNginx([new URL(instance.url).host]);
const tokens = await learnerTokens(instance.url, 20);
for (const [label, path] of [
  ['free preview video (146 KiB)', '/v1/content/lessons/algo-l2'],
  ['recommendation aggregates', '/v1/recommend/aggregates'],
] as const) {
  const measure = async (base: string) => {
    // One request first: the steady state of a hot read is measured (a cold entry makes concurrent
    // requests wait on nginx's cache lock, which it polls every 500 ms, instead of all hitting an instance).
    await (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tokens[0]!}` } })).arrayBuffer();
    const samples: Sample[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < 2000) {
          const token = tokens[next++ % tokens.length]!;
          const t = performance.now();
          const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
          samples.push({ ms: performance.now() - t, hit: response.headers.get('x-cache-status') === 'HIT' });
        }
      }),
    );
    return summary(samples, (performance.now() - started) / 1000);
  };
  const direct = await measure(instance.url);
  const cached = await measure(nginx.url);
  rows.push({
    'catalogue first sync': `nginx: ${label}, 2,000 requests`,
    'hit rate': `${(cached.hitRate * 100).toFixed(1)}%`,
    'pages/s (cache | none)': `${Math.round(cached.perSecond)} | ${Math.round(direct.perSecond)} (${(cached.perSecond / direct.perSecond).toFixed(2)}×)`,
    'p50 ms (cache | none)': `${fmt(cached.p50)} | ${fmt(direct.p50)} (saves ${fmt(direct.p50 - cached.p50)})`,
    'p95 ms (cache | none)': `${fmt(cached.p95)} | ${fmt(direct.p95)} (saves ${fmt(direct.p95 - cached.p95)})`,
  });
}
await nginx.stop();
await instance.close();
rmSync(contentDir, { recursive: true, force: true });

console.log(
  `\nbench:cache — ${COURSES.toLocaleString('en')} courses, ${CONCURRENCY} clients at a time, Node ${process.versions.node}, ${new Date().toISOString()}\n`,
);
console.table(rows);
