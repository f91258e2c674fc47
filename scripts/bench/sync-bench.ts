/**
 * `npm run bench:sync`: initial sync of a large catalog into an empty device in its own process,
 * signed in as a learner who holds 100 of its courses: the 10,000 course summaries and the held
 * courses' lessons are replicated; the other lessons (100,000 in all) and the 100,000 reviews stay
 * on the server until a course's page is shown — those latencies are printed too — documents/s against raw
 * better-sqlite3 inserts of the same documents in this run, the device's peak resident memory
 * and database size; a first sync killed a third of the way and restarted (what is downloaded
 * again); restart-to-ready on the synced device; and the latency of a change from device A to
 * device B through the live event stream (200 changes). Real server on loopback (SQLite).
 */
import { entitlementId } from '../../sync-server/payments/entitlements.ts';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PULL_PAGE_LIMIT } from '../../common/server-api/replication.ts';
import { createCore } from '../../main/core/create-core.ts';
import type { SearchResults } from '../../common/contract/search.ts';
import { catchUpSearchIndex } from '../../sync-server/catalog/catalog-search.ts';
import {
  countingProxy,
  eventually,
  restartableServer,
  seedPublicCatalogue,
  spawnDevice,
  type Device,
} from '../../main/core/sync/test/sync-harness.ts';

const SIZE = { courses: 10_000, lessons: 100_000, reviews: 100_000 };
/** Courses the learner holds: their lessons are replicated (held-lessons.ts); the rest come with their page. */
const HELD = 100;
/** What a device replicates: course summaries and held courses' lessons (lesson-cache.ts, review-cache.ts). */
const COLLECTIONS = ['courses', 'lessons'] as const;
const CHANGES = 200;
const scratch = mkdtempSync(join(tmpdir(), 'zhiku-bench-sync-'));
const server = await restartableServer(join(scratch, 'server'), { ZHIKU_DEMO_CATALOG: 'off' });
const { db, documents: serverDocuments } = server.server.context;
await seedPublicCatalogue(db, SIZE);
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

/** A process's peak resident memory so far (Linux), in MiB. */
function peakResidentMiB(pid: number): number | undefined {
  const line = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) / 1024 : undefined;
}
const folderMiB = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0) /
  2 ** 20;
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

// 1. Initial sync into an empty device, in its own process (its memory is its own).
const deviceDir = join(scratch, 'device');
const started = performance.now();
const device = await spawnDevice(deviceDir, proxy.url, 'Bench');
await signIn(device);
await device.call('awaitInSync');
const seconds = (performance.now() - started) / 1000;
const syncPeak = peakResidentMiB(device.pid);
if ((await stored(device)) !== total) throw new Error(`incomplete sync: ${await stored(device)} of ${total}`);
await device.close();
const deviceMiB = folderMiB(deviceDir);

// 1a. A first sync killed (SIGKILL) a third of the way, then started again.
const pulledBefore = proxy.pulled();
const resumeDir = join(scratch, 'resumed');
const killed = await spawnDevice(resumeDir, proxy.url, 'Bench');
await signIn(killed);
await eventually(async () => (await stored(killed)) >= total / 3, 300_000);
await killed.kill();
const resumed = await spawnDevice(resumeDir, proxy.url, 'Bench');
await resumed.call('awaitInSync');
if ((await stored(resumed)) !== total) throw new Error('incomplete resumed sync');
await resumed.close();
const downloadedAgain = proxy.pulled() - pulledBefore - total;

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
  const searcher = await spawnDevice(deviceDir, serverUrl, 'Bench');
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
  return { p50: times[50]!, p95: times[95]!, serverLessons };
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
const a = await spawnDevice(join(scratch, 'a'), server.url, 'A');
const b = await spawnDevice(join(scratch, 'b'), server.url, 'B');
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
rmSync(scratch, { recursive: true, force: true });

latencies.sort((x, y) => x - y);
console.log(`\nbench:sync — Node ${process.versions.node}, ${new Date().toISOString()}\n`);
console.table([
  {
    measure: `initial sync into an empty device (its own process), learner holding ${HELD} courses`,
    figure: `${SIZE.courses.toLocaleString('en')} courses + ${heldLessons.toLocaleString('en')} held lessons (of ${SIZE.lessons.toLocaleString('en')}) = ${total.toLocaleString('en')} documents in ${seconds.toFixed(1)} s = ${Math.round(total / seconds).toLocaleString('en')} documents/s`,
  },
  {
    measure: 'baseline: raw better-sqlite3 inserts of the same documents (pages of a pull, synchronous=FULL)',
    figure: `${Math.round(total / rawSeconds).toLocaleString('en')} documents/s; sync reaches ${(rawSeconds / seconds).toFixed(2)}× of raw`,
  },
  {
    measure: 'the device during and after that sync',
    figure: `peak resident ${syncPeak === undefined ? 'n/a (not Linux)' : `${Math.round(syncPeak)} MiB`}, data folder ${Math.round(deviceMiB)} MiB`,
  },
  {
    measure: 'first sync killed a third of the way, then restarted',
    figure: `${downloadedAgain.toLocaleString('en')} documents downloaded again = ${((100 * downloadedAgain) / total).toFixed(1)} % of the catalogue`,
  },
  {
    measure: `one course's reviews fetched when shown (${(SIZE.reviews / SIZE.courses).toFixed(0)} per course on average)`,
    figure: `p50 ${reviewLatencies[100]!.toFixed(1)} ms, p95 ${reviewLatencies[190]!.toFixed(1)} ms`,
  },
  {
    measure: `one course's lessons fetched when the page of a course not held is shown`,
    figure: `p50 ${lessonLatencies[100]!.toFixed(1)} ms, p95 ${lessonLatencies[190]!.toFixed(1)} ms`,
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
    figure: `p50 ${serverSearchTimes[100]!.toFixed(1)} ms, p95 ${serverSearchTimes[190]!.toFixed(1)} ms; ${serverLessonHits} lesson hits of courses not held`,
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
    figure: `p50 ${latencies[Math.floor(CHANGES * 0.5)]!.toFixed(1)} ms, p95 ${latencies[Math.floor(CHANGES * 0.95)]!.toFixed(1)} ms`,
  },
]);
