/**
 * `npm run bench:sync`: initial sync of a large catalog into an empty device in its own process,
 * signed in as a learner who holds 100 of its courses: the course summaries and the held
 * courses' lessons are replicated; the other lessons and the reviews stay on the server until a
 * course's page is shown — those latencies are printed too. Printed with their baselines from the
 * same run: when a new laptop is useful after sign-in (first catalogue page, first search results,
 * everything owned on the device), documents/s against raw better-sqlite3 inserts of the same
 * documents, the device's peak and resting resident memory and database size; a first sync killed
 * a third of the way and restarted (what is downloaded again); restart-to-ready on the synced
 * device; and the latency of a change from device A to device B through the live event stream.
 * Real server on loopback: SQLite at the default size (10,000 courses, 100,000 lessons, 100,000
 * reviews); `--postgres` on PostgreSQL; `--platform` on PostgreSQL at 100,000 courses, 1,000,000
 * lessons and 10,000,000 reviews. Each run stops itself after its time limit.
 */
import { entitlementId } from '../../sync-server/payments/entitlements.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PULL_PAGE_LIMIT } from '../../common/server-api/replication.ts';
import { createCore } from '../../main/core/create-core.ts';
import type { SearchResults } from '../../common/contract/search.ts';
import { catchUpSearchIndex } from '../../sync-server/catalog/catalog-search.ts';
import { startPostgres } from '../../tests/postgres.ts';
import {
  countingProxy,
  eventually,
  restartableServer,
  spawnDevice,
  type Device,
} from '../../main/core/sync/test/sync-harness.ts';
import { bundledDeviceEntry } from './bundled-device.ts';
import { seedCatalogue } from './seed-catalogue.ts';
import {
  FIRST_PAGE,
  folderMiB,
  mib,
  peakResidentMiB,
  percentile,
  residentMiB,
  watchFirstUse,
} from './sync-bench-measures.ts';

const platform = process.argv.includes('--platform');
const backend = platform || process.argv.includes('--postgres') ? 'postgres' : 'sqlite';
const SIZE = platform
  ? { courses: 100_000, lessons: 1_000_000, reviews: 10_000_000 }
  : { courses: 10_000, lessons: 100_000, reviews: 100_000 };
/** The whole run stops itself after this (seeding the platform size on PostgreSQL takes minutes). */
const TIME_LIMIT_MS = (platform ? 60 : 15) * 60_000;
const devices = new Set<Device>();
setTimeout(() => {
  console.error(`bench:sync stopped: over its ${TIME_LIMIT_MS / 60_000}-minute limit`);
  for (const device of devices) void device.kill();
  setTimeout(() => process.exit(2), 1_000);
}, TIME_LIMIT_MS).unref();
// Devices run the core bundled, as the app ships it (not its TypeScript through tsx).
const deviceEntry = await bundledDeviceEntry();
const spawn = async (dataDir: string, serverUrl: string, name: string, env: Record<string, string> = {}) => {
  const device = await spawnDevice(dataDir, serverUrl, name, env, deviceEntry);
  devices.add(device);
  return device;
};
const progress = (line: string) => console.error(`[bench:sync ${new Date().toISOString().slice(11, 19)}] ${line}`);
/** Courses the learner holds: their lessons are replicated (held-lessons.ts); the rest come with their page. */
const HELD = 100;
/** What a device replicates: course summaries and held courses' lessons (lesson-cache.ts, review-cache.ts). */
const COLLECTIONS = ['courses', 'lessons'] as const;
const CHANGES = 200;
const scratch = mkdtempSync(join(tmpdir(), 'zhiku-bench-sync-'));
const postgres = backend === 'postgres' ? await startPostgres() : undefined;
let postgresStopped = false;
// A run that fails or runs out of time leaves no database server behind.
process.on('exit', () => {
  if (postgres && !postgresStopped) postgres.crash();
});
const server = await restartableServer(join(scratch, 'server'), {
  ZHIKU_DEMO_CATALOG: 'off',
  ...(postgres
    ? {
        DATABASE_URL: await postgres.createDatabase(),
        ZHIKU_TOKEN_SECRET: 'a-bench-secret-that-is-long-enough-to-sign',
      }
    : {}),
});
const { db, documents: serverDocuments } = server.server.context;
const seedStarted = performance.now();
await seedCatalogue(db, SIZE, progress);
progress(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s; indexing it for search`);
// The seed is written around the document store: the server's search index catches up on it, as
// it does at start for rows stored before the search tables existed.
await db.run("UPDATE server_meta SET value = '' WHERE key = 'search_catch_up'");
const indexStarted = performance.now();
const searchIndexed = await catchUpSearchIndex(db);
const indexSeconds = (performance.now() - indexStarted) / 1000;
const proxy = await countingProxy(server.url);

// The learner, and the courses they hold (spread over the catalogue).
const learner = { email: 'learner@example.com', password: 'correct horse battery', displayName: 'Learner' };
const registered = await fetch(`${server.url}/v1/auth/register`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ...learner, role: 'learner' }),
});
if (!registered.ok) throw new Error(`register: ${registered.status}`);
const learnerId = (await db.get<{ id: string }>('SELECT id FROM users WHERE email = ?', [learner.email]))!.id;
const heldCourses = Array.from({ length: HELD }, (_, i) => `course-${(i * 97) % SIZE.courses}`);
for (const courseId of heldCourses)
  await serverDocuments.writeAsServer(
    'entitlements',
    {
      id: entitlementId(learnerId, courseId),
      userId: learnerId,
      courseId,
      source: 'grant',
      grantedAt: 1,
      signature: 'bench',
      updatedAt: 1,
      _deleted: false,
    },
    { ownerId: learnerId, isPublic: false },
  );
const heldLessons = Number(
  (await db.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM documents WHERE collection = 'lessons' AND parent_id IN (${heldCourses.map(() => '?').join(',')})`,
    heldCourses,
  ))!.n,
);
const total = SIZE.courses + heldLessons;
const signIn = (device: Device) => device.call('signIn', { email: learner.email, password: learner.password });

const stored = async (device: Device) =>
  (await Promise.all(COLLECTIONS.map((name) => device.call<number>('count', name)))).reduce((a, b) => a + b, 0);

// 0. The baseline: the same documents inserted with raw better-sqlite3 (the device's pragmas, pages of a pull).
const documents = await db.all<{ id: string; data: string }>(
  `SELECT id, data FROM documents WHERE collection = 'courses' OR (collection = 'lessons' AND parent_id IN (${heldCourses.map(() => '?').join(',')})) ORDER BY seq`,
  heldCourses,
);
const raw = new Database(join(scratch, 'raw.sqlite'));
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = FULL');
raw.exec('CREATE TABLE docs (id TEXT PRIMARY KEY, data TEXT NOT NULL)');
const insert = raw.prepare('INSERT INTO docs (id, data) VALUES (?, ?)');
const insertPage = raw.transaction((page: { id: string; data: string }[]) => {
  for (const doc of page) insert.run(doc.id, doc.data);
});
const rawStarted = performance.now();
for (let start = 0; start < documents.length; start += PULL_PAGE_LIMIT)
  insertPage(documents.slice(start, start + PULL_PAGE_LIMIT));
const rawSeconds = (performance.now() - rawStarted) / 1000;
raw.close();
documents.length = 0;

// 1. Initial sync into an empty device, in its own process (its memory is its own), watched for
// when it becomes useful: the storefront's first page, a search result, everything owned.
progress(`first sync of ${total.toLocaleString('en')} documents`);
const deviceDir = join(scratch, 'device');
const pulledAtStart = proxy.pulledSignedIn();
const started = performance.now();
// --expose-gc only lets the bench ask for a full collection at rest; the app never does.
const device = await spawn(deviceDir, proxy.url, 'Bench', { NODE_OPTIONS: '--expose-gc' });
const signInAt = performance.now();
const deviceStart = (signInAt - started) / 1000;
await signIn(device);
const firstUseWatch = watchFirstUse(
  device,
  signInAt,
  { courses: heldCourses, lessons: heldLessons },
  // Seeded with growing updatedAt: the newest courses are the last ones.
  Array.from({ length: FIRST_PAGE.limit }, (_, n) => `course-${SIZE.courses - 1 - n}`),
  TIME_LIMIT_MS,
);
await device.call('awaitInSync');
const seconds = (performance.now() - started) / 1000;
// What a whole first sync transfers once signed in; a signed-out device's pages before sign-in vary
// with timing and are left out.
const firstSyncPulled = proxy.pulledSignedIn() - pulledAtStart;
const firstUse = await firstUseWatch;
const syncPeak = peakResidentMiB(device.pid);
if ((await stored(device)) !== total) throw new Error(`incomplete sync: ${await stored(device)} of ${total}`);
// At rest: synced, nothing asked of it for a few seconds.
await new Promise((resolve) => setTimeout(resolve, 5_000));
const restingMiB = residentMiB(device.pid);
const afterGc = await device.call<NodeJS.MemoryUsage>('memory');
const collectedMiB = residentMiB(device.pid);
await device.close();
devices.delete(device);
const deviceMiB = folderMiB(deviceDir);
// The same device opened again on its synced data, in sync, at rest: the app a learner opens each day.
const reopened = await spawn(deviceDir, proxy.url, 'Bench');
await reopened.call('awaitInSync');
await new Promise((resolve) => setTimeout(resolve, 5_000));
const reopenedMiB = residentMiB(reopened.pid);
await reopened.close();
devices.delete(reopened);

// 1a. A first sync killed (SIGKILL) a third of the way, then started again.
const pulledBefore = proxy.pulledSignedIn();
const resumeDir = join(scratch, 'resumed');
const killed = await spawn(resumeDir, proxy.url, 'Bench');
await signIn(killed);
await eventually(async () => (await stored(killed)) >= total / 3, TIME_LIMIT_MS);
await killed.kill();
const resumed = await spawn(resumeDir, proxy.url, 'Bench');
await resumed.call('awaitInSync');
if ((await stored(resumed)) !== total) throw new Error('incomplete resumed sync');
await resumed.close();
const downloadedAgain = proxy.pulledSignedIn() - pulledBefore - firstSyncPulled;

// 1b. One course's reviews, fetched when the course is shown (what replaces replicating them all).
const reviewLatencies: number[] = [];
for (let n = 0; n < 200; n++) {
  const t = performance.now();
  const response = await fetch(`${server.url}/v1/courses/course-${(n * 7919) % SIZE.courses}/reviews?limit=50`);
  if (!response.ok || ((await response.json()) as { reviews: unknown[] }).reviews.length === 0)
    throw new Error('no reviews answered');
  reviewLatencies.push(performance.now() - t);
}
reviewLatencies.sort((x, y) => x - y);

// 1c. One course's lessons, fetched when the page of a course not held is shown.
const lessonLatencies: number[] = [];
for (let n = 0; n < 200; n++) {
  const t = performance.now();
  const response = await fetch(`${server.url}/v1/courses/course-${(n * 7919 + 1) % SIZE.courses}/lessons`);
  if (!response.ok || ((await response.json()) as { lessons: unknown[] }).lessons.length === 0)
    throw new Error('no lessons answered');
  lessonLatencies.push(performance.now() - t);
}
lessonLatencies.sort((x, y) => x - y);

// 1c. Restarts on the synced device: until the core answers and its search index has caught up.
// With nothing changed the index reads nothing (checkpoints); the baseline of the same run is a
// restart whose search index was deleted, so it catches up on every course and lesson.
async function restartSeconds(): Promise<{ ready: number; searchReady: number }> {
  const t = performance.now();
  const core = await createCore({
    dataDir: deviceDir,
    appVersion: 'bench',
    runtime: 'node',
    initialSettings: { syncServerUrl: server.url },
  });
  const ready = (performance.now() - t) / 1000;
  await core.search.ready;
  const searchReady = (performance.now() - t) / 1000;
  await core.close();
  return { ready, searchReady };
}
const restart = await restartSeconds();
for (const suffix of ['', '-wal', '-shm']) rmSync(join(deviceDir, `search.sqlite${suffix}`), { force: true });
const rebuild = await restartSeconds();

// 1d. Search on the synced device: the device's index merged with the server's (lessons of
// courses not held come only from the server), and offline, the device's alone.
async function searchLatencies(serverUrl: string): Promise<{ p50: number; p95: number; serverLessons: number }> {
  const searcher = await spawn(deviceDir, serverUrl, 'Bench');
  const times: number[] = [];
  let serverLessons = 0;
  for (let n = 0; n < 100; n++) {
    const text = n % 2 === 0 ? `Lesson ${1 + (n % 10)}` : `course-${(n * 7919) % SIZE.courses}`;
    const t = performance.now();
    const found = await searcher.call<SearchResults>('invoke', 'search.query', { text, limit: 20 });
    times.push(performance.now() - t);
    serverLessons += found.lessons.filter((hit) => !heldCourses.includes(hit.courseId)).length;
  }
  await searcher.close();
  times.sort((x, y) => x - y);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), serverLessons };
}
// The synced device keeps the server address it was set up with: the proxy, still open.
const onlineSearch = await searchLatencies(proxy.url);
await proxy.close();
const offlineSearch = await searchLatencies('http://127.0.0.1:9');
// The server's search alone, over the whole catalogue (the lessons of every course).
const serverSearchTimes: number[] = [];
let serverLessonHits = 0;
for (let n = 0; n < 200; n++) {
  const q = [`Lesson ${1 + (n % 10)}`, `第 ${1 + (n % 10)} 课`, `course-${(n * 7919) % SIZE.courses}`, '课程'][n % 4]!;
  const t = performance.now();
  const response = await fetch(`${server.url}/v1/search?${new URLSearchParams({ q, limit: '20' }).toString()}`);
  const found = (await response.json()) as { courses: unknown[]; lessons: { courseId: string }[] };
  serverSearchTimes.push(performance.now() - t);
  serverLessonHits += found.lessons.filter((hit) => !heldCourses.includes(hit.courseId)).length;
}
serverSearchTimes.sort((x, y) => x - y);
if (serverLessonHits === 0) throw new Error('the server found no lesson of a course not held');

// 2. A change on device A reaching device B through the live stream.
const a = await spawn(join(scratch, 'a'), server.url, 'A');
const b = await spawn(join(scratch, 'b'), server.url, 'B');
await a.call('signUp', { email: 'bench@example.com', password: 'correct horse battery', displayName: 'Bench' });
await b.call('signIn', { email: 'bench@example.com', password: 'correct horse battery' });
const userId = await a.call<string>('userId');
await a.call('awaitInSync');
await b.call('awaitInSync');
const latencies: number[] = [];
for (let n = 0; n < CHANGES; n++) {
  const id = `latency-${n}`;
  const arrived = b.call('waitFor', 'notes', id);
  const t = performance.now();
  await a.call('insert', 'notes', {
    id,
    userId,
    courseId: 'c',
    lessonId: 'l',
    kind: 'bookmark',
    anchor: { type: 'time', start: n },
    body: '',
    createdAt: n,
    updatedAt: n,
  });
  await arrived;
  latencies.push(performance.now() - t);
}
await a.close();
await b.close();
await server.stop();
await postgres?.stop();
postgresStopped = true;
rmSync(scratch, { recursive: true, force: true });

latencies.sort((x, y) => x - y);
console.log(
  `\nbench:sync — ${platform ? 'platform size, ' : ''}server on ${backend === 'postgres' ? 'PostgreSQL' : 'SQLite'}, Node ${process.versions.node}, ${new Date().toISOString()}\n`,
);
console.table([
  {
    measure: `initial sync into an empty device (its own process), learner holding ${HELD} courses`,
    figure: `${SIZE.courses.toLocaleString('en')} courses + ${heldLessons.toLocaleString('en')} held lessons (of ${SIZE.lessons.toLocaleString('en')}) = ${total.toLocaleString('en')} documents in ${seconds.toFixed(1)} s = ${Math.round(total / seconds).toLocaleString('en')} documents/s`,
  },
  {
    measure: 'a new laptop after sign-in: the catalogue’s first page (24 courses, newest first) full',
    figure: `${firstUse.firstPage.toFixed(1)} s; showing the catalogue’s 24 newest courses at ${firstUse.rightFirstPage.toFixed(1)} s (the device’s start before sign-in: ${deviceStart.toFixed(1)} s)`,
  },
  {
    measure: '… a search for the newest course found it',
    figure: `${firstUse.firstSearch.toFixed(1)} s`,
  },
  {
    measure: `… everything the learner owns on the device (${HELD} courses, their ${heldLessons.toLocaleString('en')} lessons, entitlements)`,
    figure: `${firstUse.owned.toFixed(1)} s`,
  },
  {
    measure: 'baseline: raw better-sqlite3 inserts of the same documents (pages of a pull, synchronous=FULL)',
    figure: `${Math.round(total / rawSeconds).toLocaleString('en')} documents/s; sync reaches ${(rawSeconds / seconds).toFixed(2)}× of raw`,
  },
  {
    measure: 'the device during and after that sync',
    figure: `peak resident ${mib(syncPeak)}, at rest after it ${mib(restingMiB)} (after a full GC ${mib(collectedMiB)}: V8 heap ${mib(afterGc.heapUsed / 2 ** 20)} used of ${mib(afterGc.heapTotal / 2 ** 20)}), data folder ${Math.round(deviceMiB)} MiB`,
  },
  {
    measure: 'the same device opened again on its synced data, in sync, at rest',
    figure: `resident ${mib(reopenedMiB)}`,
  },
  {
    measure: 'first sync killed a third of the way, then restarted',
    figure: `${downloadedAgain.toLocaleString('en')} documents downloaded again = ${((100 * downloadedAgain) / firstSyncPulled).toFixed(1)} % of a whole first sync (${firstSyncPulled.toLocaleString('en')})`,
  },
  {
    measure: `one course's reviews fetched when shown (${(SIZE.reviews / SIZE.courses).toFixed(0)} per course on average)`,
    figure: `p50 ${percentile(reviewLatencies, 0.5).toFixed(1)} ms, p95 ${percentile(reviewLatencies, 0.95).toFixed(1)} ms`,
  },
  {
    measure: `one course's lessons fetched when the page of a course not held is shown`,
    figure: `p50 ${percentile(lessonLatencies, 0.5).toFixed(1)} ms, p95 ${percentile(lessonLatencies, 0.95).toFixed(1)} ms`,
  },
  {
    measure: `server search index caught up on the seeded catalogue`,
    figure: `${searchIndexed.toLocaleString('en')} courses and lessons in ${indexSeconds.toFixed(1)} s = ${Math.round(searchIndexed / indexSeconds).toLocaleString('en')}/s`,
  },
  {
    measure: 'search on the synced device, merged with the server (100 queries, lessons of courses not held included)',
    figure: `p50 ${onlineSearch.p50.toFixed(1)} ms, p95 ${onlineSearch.p95.toFixed(1)} ms; ${onlineSearch.serverLessons} lesson hits of courses not held`,
  },
  {
    measure: `the server's search alone (200 queries over ${SIZE.courses.toLocaleString('en')} courses and ${SIZE.lessons.toLocaleString('en')} lessons)`,
    figure: `p50 ${percentile(serverSearchTimes, 0.5).toFixed(1)} ms, p95 ${percentile(serverSearchTimes, 0.95).toFixed(1)} ms; ${serverLessonHits} lesson hits of courses not held`,
  },
  {
    measure: 'baseline: the same searches offline (the device index alone)',
    figure: `p50 ${offlineSearch.p50.toFixed(1)} ms, p95 ${offlineSearch.p95.toFixed(1)} ms (${(onlineSearch.p50 / offlineSearch.p50).toFixed(1)}× online)`,
  },
  {
    measure: 'restart on the synced device (nothing changed)',
    figure: `core ready ${restart.ready.toFixed(2)} s, search caught up ${restart.searchReady.toFixed(2)} s`,
  },
  {
    measure: 'baseline: restart with the search index deleted (catches up on every document)',
    figure: `core ready ${rebuild.ready.toFixed(2)} s, search caught up ${rebuild.searchReady.toFixed(2)} s (${(restart.searchReady / rebuild.searchReady).toFixed(2)}× the time)`,
  },
  {
    measure: `change from device A to device B via the event stream (${CHANGES} changes)`,
    figure: `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms`,
  },
]);
