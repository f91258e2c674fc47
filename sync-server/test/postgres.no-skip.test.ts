import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../tests/postgres.js';
import { useTempDirs } from '../../tests/helpers.js';
import { randomSource } from '../../main/core/storage/test/fixtures.js';
import { sampleDocument } from './sample-documents.js';
import { deviceInfo, startTestServer, type TestServer } from './server-harness.js';

/**
 * The invariant that matters most (ARCHITECTURE.md, "Sync"): no document may become
 * visible with a sequence number below a checkpoint already handed out, even when several
 * servers write to one PostgreSQL and commit out of order.
 */
const newDir = useTempDirs();
let postgres: TestPostgres;
const SECRET = 'a-test-secret-that-is-long-enough-to-sign';

beforeAll(async () => {
  postgres = await startPostgres();
}, 120_000);
afterAll(async () => {
  await postgres?.stop();
});

type Pulled = { documents: { id: string }[]; checkpoint: { seq: number } };

async function signIn(server: TestServer, email: string): Promise<{ token: string; userId: string }> {
  await server.call('POST', '/v1/auth/register', {
    body: { email, password: 'correct horse battery', displayName: 'Writer' },
  });
  const login = await server.call<{ accessToken: string; user: { id: string } }>('POST', '/v1/auth/login', {
    body: { email, password: 'correct horse battery', device: deviceInfo() },
  });
  return { token: login.body.accessToken, userId: login.body.user.id };
}

const note = (userId: string, id: string) => ({ ...sampleDocument('notes', userId, id), id });

describe('no skipped documents on PostgreSQL', () => {
  it('a late commit below a handed-out checkpoint cannot happen: writer 1 holds, writer 2 commits, the reader waits for both', async () => {
    const url = await postgres.createDatabase();
    let hold: { reached: () => void; release: Promise<void> } | undefined;
    const env = { DATABASE_URL: url, ZHIKU_TOKEN_SECRET: SECRET, ZHIKU_DEMO_CATALOG: 'off', ZHIKU_MAX_DEVICES: '50' };
    const serverA = await startTestServer(newDir(), env, {
      hooks: {
        beforeCommit: async () => {
          const current = hold;
          hold = undefined;
          if (current) {
            current.reached();
            await current.release;
          }
        },
      },
    });
    const serverB = await startTestServer(newDir(), env);
    let releaseWriter1 = () => undefined as void;
    try {
      const user = await signIn(serverA, 'writer@example.com');
      const pull = (seq: number) =>
        serverB.call<Pulled>('GET', `/v1/sync/notes/pull?seq=${seq}`, { token: user.token });
      const start = (await pull(0)).body.checkpoint.seq;

      // Writer 1 (server A) takes its sequence number and stops just before committing.
      const writer1Holding = new Promise<void>((reached) => {
        hold = { reached, release: new Promise((release) => (releaseWriter1 = release)) };
      });
      const writer1 = serverA.call('POST', '/v1/sync/notes/push', {
        token: user.token,
        body: [{ newDocumentState: note(user.userId, 'note-writer-1') }],
      });
      await writer1Holding;

      // Writer 2 (server B) takes a later number and commits first.
      expect(
        (
          await serverB.call('POST', '/v1/sync/notes/push', {
            token: user.token,
            body: [{ newDocumentState: note(user.userId, 'note-writer-2') }],
          })
        ).body,
      ).toEqual([]);
      const committed = await serverB.context.db.all<{ id: string; seq: number }>(
        "SELECT id, seq FROM documents WHERE collection = 'notes'",
      );
      expect(committed.map((row) => row.id)).toEqual(['note-writer-2']);

      // The reader must not be handed writer 2's number while writer 1's lower one is still open.
      const during = await pull(start);
      expect(during.body.documents).toEqual([]);
      expect(during.body.checkpoint.seq).toBe(start);

      releaseWriter1();
      expect((await writer1).status).toBe(200);
      const after = await pull(during.body.checkpoint.seq);
      expect(after.body.documents.map((d) => d.id)).toEqual(['note-writer-1', 'note-writer-2']);
    } finally {
      // On a failed assertion, let writer 1 finish so the servers can close.
      releaseWriter1();
      await serverA.close();
      await serverB.close();
    }
  });

  it('under many concurrent pushers and pullers on three servers, every puller sees every document', async () => {
    const url = await postgres.createDatabase();
    const env = {
      DATABASE_URL: url,
      ZHIKU_TOKEN_SECRET: SECRET,
      ZHIKU_DEMO_CATALOG: 'off',
      ZHIKU_MAX_DEVICES: '50',
      ZHIKU_AUTH_RATE_LIMIT: '100000',
    };
    const servers = await Promise.all([0, 1, 2].map(() => startTestServer(newDir(), env)));
    try {
      const user = await signIn(servers[0]!, 'stress@example.com');
      const random = randomSource(7);
      const PUSHERS = 8;
      const PUSHES = 25;
      const pushed: string[] = [];
      let pushing = true;

      const pusher = async (p: number) => {
        for (let n = 0; n < PUSHES; n++) {
          const batch = Array.from({ length: random.int(1, 4) }, (_, k) => note(user.userId, `n-${p}-${n}-${k}`));
          const server = servers[random.int(0, servers.length - 1)]!;
          const result = await server.call('POST', '/v1/sync/notes/push', {
            token: user.token,
            body: batch.map((newDocumentState) => ({ newDocumentState })),
          });
          if (result.status !== 200) throw new Error(`push failed: ${result.status} ${JSON.stringify(result.body)}`);
          pushed.push(...batch.map((d) => d.id));
        }
      };

      const puller = async () => {
        const seen = new Map<string, number>();
        let seq = 0;
        const pullOnce = async () => {
          const server = servers[random.int(0, servers.length - 1)]!;
          const page = await server.call<Pulled>('GET', `/v1/sync/notes/pull?seq=${seq}&limit=${random.int(1, 50)}`, {
            token: user.token,
          });
          for (const doc of page.body.documents) seen.set(doc.id, (seen.get(doc.id) ?? 0) + 1);
          expect(page.body.checkpoint.seq).toBeGreaterThanOrEqual(seq);
          seq = page.body.checkpoint.seq;
          return page.body.documents.length;
        };
        while (pushing) await pullOnce();
        // Once the writers are done, drain what is left.
        while ((await pullOnce()) > 0);
        return seen;
      };

      const pullers = [puller(), puller(), puller(), puller()];
      await Promise.all(Array.from({ length: PUSHERS }, (_, p) => pusher(p)));
      pushing = false;
      const results = await Promise.all(pullers);

      expect(pushed.length).toBeGreaterThan(PUSHERS * PUSHES);
      for (const seen of results) {
        const missed = pushed.filter((id) => !seen.has(id));
        expect(missed, 'documents a puller never saw').toEqual([]);
        expect(
          [...seen.values()].every((count) => count === 1),
          'each document exactly once',
        ).toBe(true);
      }
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  }, 120_000);
});
