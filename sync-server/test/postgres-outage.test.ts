import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../../tests/postgres.js';
import { useCleanups, useTempDirs } from '../../tests/helpers.js';
import { sampleDocument } from './sample-documents.js';
import { signUpAndIn, startTestServer, type TestServer } from './server-harness.js';

/**
 * Catch-up after PostgreSQL dies under a write, made deterministic with the document store's
 * commit hook instead of timing: a write holds its sequence lease when PostgreSQL crashes, so the
 * lease cannot be given back. Left in place it hid every later document from pulls for a minute,
 * and nothing told devices to pull again after that (postgres-restart.test.ts failed about one
 * run in three this way). Now the lease is dropped as soon as PostgreSQL answers and every
 * stream, on every instance, is told to re-pull.
 */
const newDir = useTempDirs();
const cleanups = useCleanups();
const postgres = startPostgres();
afterAll(async () => (await postgres).stop(), 60_000);

async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > until) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Reads a device's event stream, keeping every event with when it came. */
function follow(server: TestServer, token: string) {
  const events: { event: string; at: number }[] = [];
  const controller = new AbortController();
  void (async () => {
    const response = await fetch(`${server.url}/v1/sync/stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value }: { done: boolean; value?: Uint8Array } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const event = /^event: (.*)$/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        if (event) events.push({ event, at: Date.now() });
      }
    }
  })().catch(() => undefined);
  return { events, stop: () => controller.abort() };
}

describe('PostgreSQL dying under a write', () => {
  it('gives the write’s sequence lease back once it returns, so later documents are not hidden, and tells every device to re-pull', async () => {
    const db = await postgres;
    const env = {
      DATABASE_URL: await db.createDatabase(),
      ZHIKU_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-to-sign',
      ZHIKU_DEMO_CATALOG: 'off',
      ZHIKU_CONTENT_DIR: newDir(),
    };
    let hold: Promise<void> | undefined;
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let letGo: () => void = () => undefined;
    const first = await startTestServer(newDir(), env, {
      hooks: { beforeCommit: async () => (hold ? (entered(), await hold) : undefined) },
    });
    cleanups.push(() => first.close());
    const second = await startTestServer(newDir(), env);
    cleanups.push(() => second.close());
    const learner = await signUpAndIn(first, 'lin@example.com');
    const note = (suffix: string) => sampleDocument('notes', learner.userId, suffix);
    const pulledIds = async () =>
      (
        await second.call<{ documents: { id: string }[] }>('GET', '/v1/sync/notes/pull?limit=100', {
          token: learner.accessToken,
        })
      ).body.documents.map((d) => d.id);

    // A write on the first instance holds its lease inside its transaction; PostgreSQL dies.
    hold = new Promise<void>((resolve) => (letGo = resolve));
    const held = first.call('POST', '/v1/sync/notes/push', {
      token: learner.accessToken,
      body: [{ newDocumentState: note('held') }],
    });
    await inside;
    hold = undefined;
    db.crash();
    letGo();
    expect((await held).status).toBeGreaterThanOrEqual(500);
    db.restart();
    await eventually(
      async () => (await fetch(`${second.url}/health/ready`)).status === 200,
      30_000,
      'the second instance is ready again',
    );

    // A device on the second instance follows its stream, then the learner writes there.
    const stream = follow(second, learner.accessToken);
    cleanups.push(async () => stream.stop());
    await eventually(async () => stream.events.some((e) => e.event === 'RESYNC'), 10_000, 'the stream is open');
    const writtenAt = Date.now();
    expect(
      (
        await second.call('POST', '/v1/sync/notes/push', {
          token: learner.accessToken,
          body: [{ newDocumentState: note('after') }],
        })
      ).status,
    ).toBe(200);
    // The note becomes pullable well before the orphaned lease would have expired (60 s)…
    let lastHiddenAt = writtenAt;
    await eventually(
      async () => {
        const askedAt = Date.now();
        const seen = (await pulledIds()).includes(`note-${learner.userId}-after`);
        if (!seen) lastHiddenAt = askedAt;
        return seen;
      },
      15_000,
      'the note written after the restart is pulled',
    );
    const visibleMs = Date.now() - writtenAt;
    // …and a device that only follows its stream is told to pull after the note became pullable:
    // by the note's own notice when the orphaned lease was already gone, else by a RESYNC when it
    // is dropped (the note's notice then came while the note was still hidden). Which of the two
    // happens depends on how fast PostgreSQL came back; either way the device is not left behind.
    await eventually(
      async () => stream.events.some((e) => (e.event === 'RESYNC' || e.event === 'change') && e.at >= lastHiddenAt),
      15_000,
      'the stream is told to pull once the note is visible',
    );
    const how =
      lastHiddenAt === writtenAt
        ? 'the lease was gone before the write; its own notice'
        : 'a RESYNC after the lease was dropped';
    const leases = await second.context.db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM seq_leases');
    expect(Number(leases?.n)).toBe(0);
    expect(await pulledIds()).not.toContain(`note-${learner.userId}-held`);
    console.warn(
      `lease of the write cut off by the crash dropped; the later note visible ${visibleMs} ms after it was written (${how})`,
    );
  }, 120_000);
});
