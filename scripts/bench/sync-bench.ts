/**
 * `npm run bench:sync`: initial sync of a large catalog into an empty device (10,000
 * courses, 100,000 lessons, 100,000 rating signals), and the latency of a change from
 * device A to device B through the live event stream (200 changes). Real server on
 * loopback (SQLite), real devices (the second in its own process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleCourse, sampleLesson } from '../../main/core/database/samples.ts';
import { createCore } from '../../main/core/create-core.ts';
import { restartableServer, spawnDevice } from '../../main/core/sync/test/sync-harness.ts';

const COURSES = 10_000;
const LESSONS = 100_000;
const REVIEWS = 100_000;
const CHANGES = 200;
const scratch = mkdtempSync(join(tmpdir(), 'zhiku-bench-sync-'));
const server = await restartableServer(join(scratch, 'server'), { ZHIKU_DEMO_CATALOG: 'off' });
const { db } = server.server.context;

// Seed the server directly (not measured): public documents with increasing sequence numbers.
let seq = 0;
await db.transaction(async (tx) => {
  const put = (collection: string, doc: { id: string }, parent: string | null) =>
    tx.run(
      'INSERT INTO documents (collection, id, seq, owner_id, is_public, deleted, data, updated_at, parent_id) VALUES (?, ?, ?, ?, 1, 0, ?, 0, ?)',
      [collection, doc.id, ++seq, 'creator-1', JSON.stringify({ ...doc, _deleted: false }), parent],
    );
  for (let c = 0; c < COURSES; c++)
    await put(
      'courses',
      sampleCourse(`course-${c}`, { updatedAt: 1_700_000_000_000 + c, priceAmount: (c * 37) % 30_000 }),
      null,
    );
  for (let l = 0; l < LESSONS; l++)
    await put(
      'lessons',
      sampleLesson(`course-${l % COURSES}`, Math.floor(l / COURSES), { id: `lesson-${l}` }),
      `course-${l % COURSES}`,
    );
  for (let s = 0; s < REVIEWS; s++) {
    const review = {
      id: `review-${s}`,
      courseId: `course-${(s * 7) % COURSES}`,
      authorName: `Learner ${s % 5000}`,
      stars: 1 + (s % 5),
      text: '讲得很清楚 · clear',
      createdAt: 1,
      updatedAt: 1,
    };
    await put('reviews', review, null);
  }
  await tx.run("UPDATE sequences SET value = ? WHERE name = 'documents'", [seq]);
});

// 1. Initial sync into an empty device.
const started = performance.now();
const device = await createCore({
  dataDir: join(scratch, 'device'),
  appVersion: 'bench',
  runtime: 'node',
  initialSettings: { syncServerUrl: server.url },
});
await device.sync.awaitInSync();
const seconds = (performance.now() - started) / 1000;
const counts = {
  courses: await device.database.courses.count().exec(),
  lessons: await device.database.lessons.count().exec(),
  reviews: await device.database.reviews.count().exec(),
};
if (counts.courses !== COURSES || counts.lessons !== LESSONS || counts.reviews !== REVIEWS)
  throw new Error(`incomplete sync: ${JSON.stringify(counts)}`);
await device.search.ready;
await device.close();
const total = COURSES + LESSONS + REVIEWS;

// 1b. Restarts on the synced device: until the core answers and its search index has caught up.
// With nothing changed the index reads nothing (checkpoints); the baseline of the same run is a
// restart whose search index was deleted, so it catches up on every course and lesson.
async function restartSeconds(): Promise<{ ready: number; searchReady: number }> {
  const t = performance.now();
  const core = await createCore({
    dataDir: join(scratch, 'device'),
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
for (const suffix of ['', '-wal', '-shm']) rmSync(join(scratch, 'device', `search.sqlite${suffix}`), { force: true });
const rebuild = await restartSeconds();

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
    measure: 'initial sync into an empty device',
    figure: `${total.toLocaleString('en')} documents in ${seconds.toFixed(1)} s = ${Math.round(total / seconds).toLocaleString('en')} documents/s`,
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
