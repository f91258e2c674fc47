import { fork, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readServerConfig } from '../../../../sync-server/config.js';
import { startServer, type RunningServer } from '../../../../sync-server/start-server.js';
import { demoCatalogPath } from '../../../../tests/helpers.js';
import type { SqlDatabase } from '../../../../sync-server/sql/sql-database.js';
import { sampleCourse, sampleLesson } from '../../database/samples.js';
import { entitlementId } from '../../../../sync-server/payments/entitlements.js';

/** A real sync server on loopback that can be stopped and started again on the same port and data. */
export async function restartableServer(dataDir: string, env: Record<string, string> = {}) {
  let port = 0;
  let running: RunningServer | undefined;
  const start = async () => {
    running = await startServer(
      readServerConfig(
        {
          ZHIKU_MODE: 'development',
          ZHIKU_DATA_DIR: dataDir,
          ZHIKU_SERVER_PORT: String(port),
          ZHIKU_LOG_LEVEL: 'silent',
          ZHIKU_AUTH_RATE_LIMIT: '10000',
          ...env,
        },
        { demoCatalogPath },
      ),
      '1.0.0-test',
    );
    port = Number(new URL(running.url).port);
    return running;
  };
  await start();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get server() {
      return running!;
    },
    start,
    async stop() {
      await running?.close();
      running = undefined;
    },
  };
}

export interface Device {
  /** The device's process (its memory can be read from /proc). */
  readonly pid: number;
  call<T = unknown>(action: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
  /** Ends the process at once (SIGKILL): a crash, with nothing flushed or closed. */
  kill(): Promise<void>;
}

/** Starts a device (a desktop core) in its own process; see device-process.ts. */
export async function spawnDevice(
  dataDir: string,
  serverUrl: string,
  name: string,
  env: Record<string, string> = {},
  /** The device's code bundled as the app ships it (benchmarks); else this file's TypeScript through tsx. */
  bundledEntry?: string,
): Promise<Device> {
  const entry = bundledEntry ?? join(import.meta.dirname, 'device-process.ts');
  const child: ChildProcess = fork(entry, [dataDir, serverUrl, name], {
    execArgv: bundledEntry ? [] : ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`device ${name} exited with ${code}`)));
    child.on('message', (message: { ready?: true; id?: number; ok?: boolean; value?: unknown; error?: string }) => {
      if (message.ready) return resolve();
      const waiter = pending.get(message.id!);
      pending.delete(message.id!);
      if (message.ok) waiter?.resolve(message.value);
      else waiter?.reject(new Error(message.error));
    });
  });
  return {
    pid: child.pid!,
    call<T>(action: string, ...args: unknown[]) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, action, args });
      });
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ id: nextId++, action: 'close', args: [] });
      await exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Waits until `check` passes, polling state (bounded; never a fixed sleep). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Retries an assertion until it holds (or the time is up, failing with its last error); returns its value. */
export async function until<T>(attempt: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** POST JSON to a test server over HTTP, with a bearer token when given. */
export function postJson(url: string, path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

type TestServer = Awaited<ReturnType<typeof restartableServer>>;

/** Registers a learner through the API, as the app does, and returns their user id. */
export async function registerLearner(
  server: TestServer,
  learner: { email: string; password: string; displayName: string },
): Promise<string> {
  const registered = await postJson(server.url, '/v1/auth/register', { ...learner, role: 'learner' });
  if (!registered.ok) throw new Error(`registering ${learner.email} failed: ${registered.status}`);
  const user = await server.server.context.db.get<{ id: string }>('SELECT id FROM users WHERE email = ?', [
    learner.email,
  ]);
  return user!.id;
}

/** Grants courses to a user on the server (as an administrator's grant would), one entitlement each. */
export async function grantCourses(server: TestServer, userId: string, courseIds: readonly string[]): Promise<void> {
  for (const courseId of courseIds)
    await server.server.context.documents.writeAsServer(
      'entitlements',
      {
        id: entitlementId(userId, courseId),
        userId,
        courseId,
        source: 'grant',
        grantedAt: 1,
        signature: 'test',
        updatedAt: 1,
        _deleted: false,
      },
      { ownerId: userId, isPublic: false },
    );
}

/** What a catalogue of public documents holds, seeded straight into a server's database. */
export interface CatalogueSize {
  courses: number;
  lessons: number;
  reviews: number;
}

/** Seeds `size` public documents with increasing sequence numbers (not through the API: fast, for big catalogues). */
export async function seedPublicCatalogue(db: SqlDatabase, size: CatalogueSize): Promise<void> {
  const last = await db.get<{ value: number | string }>("SELECT value FROM sequences WHERE name = 'documents'");
  let seq = Number(last?.value ?? 0);
  await db.transaction(async (tx) => {
    const put = (collection: string, doc: { id: string }, parent: string | null) =>
      tx.run(
        'INSERT INTO documents (collection, id, seq, owner_id, is_public, deleted, data, updated_at, parent_id) VALUES (?, ?, ?, ?, 1, 0, ?, 0, ?)',
        [collection, doc.id, ++seq, 'creator-1', JSON.stringify({ ...doc, _deleted: false }), parent],
      );
    for (let c = 0; c < size.courses; c++)
      await put(
        'courses',
        sampleCourse(`course-${c}`, { updatedAt: 1_700_000_000_000 + c, priceAmount: (c * 37) % 30_000 }),
        null,
      );
    for (let l = 0; l < size.lessons; l++)
      await put(
        'lessons',
        sampleLesson(`course-${l % size.courses}`, Math.floor(l / size.courses), { id: `lesson-${l}` }),
        `course-${l % size.courses}`,
      );
    for (let r = 0; r < size.reviews; r++) {
      const review = {
        id: `review-${r}`,
        courseId: `course-${(r * 7) % size.courses}`,
        authorName: `Learner ${r % 5000}`,
        stars: 1 + (r % 5),
        text: '讲得很清楚 · clear',
        createdAt: 1,
        updatedAt: 1,
      };
      await put('reviews', review, review.courseId);
    }
    await tx.run("UPDATE sequences SET value = ? WHERE name = 'documents'", [seq]);
  });
}

/**
 * A pass-through proxy in front of a server that counts the documents its pull answers carry
 * (what devices downloaded), so a test can tell how much was transferred again.
 */
export async function countingProxy(
  target: string,
  options: {
    /** Requests this matches wait until `release()` (a slow or stalled pull, without timing). */
    holdBack?: (url: URL) => boolean;
  } = {},
) {
  let pulled = 0;
  let pulledSignedIn = 0;
  const held: (() => void)[] = [];
  let released = false;
  const server = createServer((incoming, outgoing) => {
    if (!released && options.holdBack?.(new URL(incoming.url ?? '/', target))) {
      incoming.pause();
      held.push(() => forward(incoming, outgoing));
      return;
    }
    forward(incoming, outgoing);
  });
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    incoming.resume();
    const upstream = httpRequest(
      new URL(incoming.url ?? '/', target),
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        if (!/\/v1\/sync\/[^/]+\/pull/.test(incoming.url ?? '')) return void answer.pipe(outgoing);
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          if (answer.statusCode === 200) {
            const documents = (JSON.parse(body.toString('utf8')) as { documents: unknown[] }).documents.length;
            pulled += documents;
            if (incoming.headers.authorization) pulledSignedIn += documents;
          }
          outgoing.end(body);
        });
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** How many requests wait to be released. */
    holding: () => held.length,
    /** Lets the held requests and every later one through. */
    release: () => {
      released = true;
      held.splice(0).forEach((go) => go());
    },
    /** Documents carried by pull answers so far. */
    pulled: () => pulled,
    /** Only what signed-in pulls carried (not a signed-out device's catalogue pages before sign-in). */
    pulledSignedIn: () => pulledSignedIn,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
