import { afterEach } from 'vitest';
import { readServerConfig } from '../config.js';
import { startServer, type RunningServer } from '../start-server.js';
import { demoCatalogPath } from '../../tests/helpers.js';
import { startPostgres, type TestPostgres } from '../../tests/postgres.js';

export interface TestServer extends RunningServer {
  /** Calls the server over real HTTP on loopback; returns status and parsed JSON body. */
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T }>;
}

export async function startTestServer(
  dataDir: string,
  env: Record<string, string> = {},
  options: Parameters<typeof startServer>[2] = {},
): Promise<TestServer> {
  const config = readServerConfig(
    {
      ZHIKU_MODE: 'development',
      ZHIKU_DATA_DIR: dataDir,
      ZHIKU_SERVER_PORT: '0',
      ZHIKU_LOG_LEVEL: 'silent',
      ZHIKU_AUTH_RATE_LIMIT: '1000',
      ...env,
    },
    { demoCatalogPath },
  );
  const server = await startServer(config, '1.0.0-test', options);
  return {
    ...server,
    async call(method, path, { body, rawBody, token, headers } = {}) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as never };
    },
  };
}

let installCounter = 0;
export function deviceInfo(name = 'Laptop') {
  installCounter++;
  return {
    installId: `install-${String(installCounter).padStart(12, '0')}-${Math.random().toString(36).slice(2, 8)}`,
    name,
    platform: 'linux' as const,
  };
}

export interface Session {
  userId: string;
  accessToken: string;
  refreshToken: string;
  deviceId: string;
}

/** Registers (if needed) and signs in a user on a new device. */
export async function signUpAndIn(
  server: TestServer,
  email: string,
  options: { role?: 'learner' | 'creator'; device?: ReturnType<typeof deviceInfo> } = {},
): Promise<Session> {
  await server.call('POST', '/v1/auth/register', {
    body: {
      email,
      password: 'correct horse battery',
      displayName: email.split('@')[0],
      role: options.role ?? 'learner',
    },
  });
  const login = await server.call<{
    user: { id: string };
    accessToken: string;
    refreshToken: string;
    device: { id: string };
  }>('POST', '/v1/auth/login', {
    body: { email, password: 'correct horse battery', device: options.device ?? deviceInfo() },
  });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return {
    userId: login.body.user.id,
    accessToken: login.body.accessToken,
    refreshToken: login.body.refreshToken,
    deviceId: login.body.device.id,
  };
}

/** Every suite that uses these runs against both storage backends. */
export const BACKENDS = ['sqlite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

let sharedPostgres: Promise<TestPostgres> | undefined;

/** Environment for a server on `backend`: nothing for SQLite; a fresh database on this file's PostgreSQL otherwise. */
export async function backendEnv(backend: Backend): Promise<Record<string, string>> {
  if (backend === 'sqlite') return {};
  sharedPostgres ??= startPostgres();
  const postgres = await sharedPostgres;
  return {
    DATABASE_URL: await postgres.createDatabase(),
    ZHIKU_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-to-sign',
  };
}

/**
 * Servers for one backend's suite: `server(env)` starts one in a fresh folder (on this
 * backend's database) and every one started is closed after each test. Call inside the
 * suite's `describe`.
 */
export function backendServers(backend: Backend, newDir: () => string) {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  return async (env: Record<string, string> = {}) => {
    const started = await startTestServer(newDir(), { ...(await backendEnv(backend)), ...env });
    servers.push(started);
    return started;
  };
}

export async function stopSharedPostgres(): Promise<void> {
  const running = sharedPostgres;
  sharedPostgres = undefined;
  if (running) await (await running).stop();
}

/**
 * Publishes a course the way a creator does: a draft of text lessons pushed to `coursedrafts`,
 * then `POST /v1/creator/courses/:id/publish`. Published courses and lessons are the server's to
 * write; no device pushes them.
 */
export async function publishCourse(
  server: TestServer,
  creator: Session,
  courseId: string,
  options: {
    priceAmount?: number;
    currency?: 'CNY' | 'USD' | 'EUR';
    lessonIds?: string[];
    freePreview?: boolean;
    title?: string;
    /** Lessons that are exercises, with their bodies (common/exercises). */
    exercises?: Record<string, unknown>;
    /** Lessons that are exams, with their bodies, keys included (common/exercises/exam.ts). */
    exams?: Record<string, unknown>;
    completion?: { lessons: boolean; exercises: boolean; exams: boolean };
    /** Lessons of a column released later (ms). */
    releaseAt?: Record<string, number>;
  } = {},
): Promise<{ lessonIds: string[] }> {
  const lessonIds = options.lessonIds ?? [`${courseId}-l1`, `${courseId}-l2`];
  const title = options.title ?? courseId;
  const text = (value: string) => ({ zh: value, en: value });
  const current = await server.context.db.get<{ data: string }>(
    "SELECT data FROM documents WHERE collection = 'coursedrafts' AND id = ?",
    [courseId],
  );
  const previous = current ? (JSON.parse(current.data) as { draftRevision: number } & Record<string, unknown>) : null;
  const revision = (previous?.draftRevision ?? 0) + 1;
  const draft = {
    id: courseId,
    creatorId: creator.userId,
    title: text(title),
    subtitle: text(`${title} subtitle`),
    description: text(`${title}: a course`),
    categoryId: 'programming',
    categoryName: { zh: '编程', en: 'Programming' },
    tags: [],
    language: 'zh-CN',
    level: 'beginner',
    priceAmount: options.priceAmount ?? 4900,
    currency: options.currency ?? 'CNY',
    sections: [{ id: `${courseId}-s1`, title: text('One'), lessonIds }],
    lessons: lessonIds.map((id, i) => {
      const body = options.exercises?.[id] ?? options.exams?.[id];
      return {
        id,
        kind: options.exercises?.[id] ? 'exercise' : options.exams?.[id] ? 'exam' : 'text',
        title: text(`Lesson ${i + 1}`),
        freePreview: options.freePreview ?? i === 0,
        durationSeconds: 300,
        text: body ? JSON.stringify(body) : `# ${title} ${i + 1}\n\nBody of ${id}.`,
        ...(options.releaseAt?.[id] ? { releaseAt: options.releaseAt[id] } : {}),
      };
    }),
    ...(options.completion ? { completion: options.completion } : {}),
    draftRevision: revision,
    state: 'draft',
    updatedAt: revision,
    _deleted: false,
  };
  const pushed = await server.call('POST', '/v1/sync/coursedrafts/push', {
    token: creator.accessToken,
    body: [{ assumedMasterState: previous, newDocumentState: draft }],
  });
  if (pushed.status !== 200 || (pushed.body as unknown as unknown[]).length > 0)
    throw new Error(`draft push failed: ${pushed.status} ${JSON.stringify(pushed.body)}`);
  const published = await server.call('POST', `/v1/creator/courses/${courseId}/publish`, {
    token: creator.accessToken,
    body: { draftRevision: revision },
  });
  if (published.status !== 200)
    throw new Error(`publish failed: ${published.status} ${JSON.stringify(published.body)}`);
  return { lessonIds };
}
