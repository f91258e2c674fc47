import { afterAll, describe, expect, it } from 'vitest';
import type { CourseDoc } from '../../common/collections/index.js';
import { pullQueryString, type PullCheckpoint } from '../../common/server-api/replication.js';
import { sampleCourse } from '../../main/core/database/samples.js';
import { useTempDirs } from '../../tests/helpers.js';
import { backendServers, BACKENDS, stopSharedPostgres, type TestServer } from './server-harness.js';

afterAll(stopSharedPostgres, 60_000);

type Page = { documents: (CourseDoc & { _deleted: boolean })[]; checkpoint: PullCheckpoint };

describe.each(BACKENDS)('a first pull of the catalogue newest first on %s', (backend) => {
  const newDir = useTempDirs();
  const server = backendServers(backend, newDir);

  const write = (api: TestServer, id: string, patch: Partial<CourseDoc> = {}, ownerId = 'creator-1') =>
    api.context.documents.writeAsServer(
      'courses',
      { ...sampleCourse(id, patch), _deleted: false },
      {
        ownerId,
        isPublic: patch.status === undefined || patch.status === 'published',
      },
    );
  async function catalogue(count: number) {
    const api = await server({ ZHIKU_DEMO_CATALOG: 'off' });
    for (let n = 0; n < count; n++) await write(api, `c${n}`);
    return api;
  }
  const pull = async (api: TestServer, checkpoint: PullCheckpoint | undefined, limit: number) => {
    const answer = await api.call<Page>(
      'GET',
      `/v1/sync/courses/pull?${pullQueryString(checkpoint, limit, false, true)}`,
    );
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const ids = (page: Page) => page.documents.map((doc) => doc.id);

  it('sends the newest first, page by page, then goes on oldest first with what changed meanwhile', async () => {
    const api = await catalogue(7);
    const first = await pull(api, undefined, 3);
    expect(ids(first)).toEqual(['c6', 'c5', 'c4']);
    expect(first.checkpoint.below).toBeDefined();

    // Changed while the pass goes on: a renamed course and a new one come after it, once.
    await write(api, 'c5', { title: { zh: '新名字', en: 'Renamed' } });
    await write(api, 'c7');
    const second = await pull(api, first.checkpoint, 3);
    expect(ids(second)).toEqual(['c3', 'c2', 'c1']);
    const last = await pull(api, second.checkpoint, 3);
    expect(ids(last)).toEqual(['c0']);
    expect(last.checkpoint).toEqual({ seq: first.checkpoint.seq });
    // The pass is over: the query asks oldest first from where it started.
    expect(pullQueryString(last.checkpoint, 3, false, true)).not.toContain('newest');
    const after = await pull(api, last.checkpoint, 3);
    expect(ids(after)).toEqual(['c5', 'c7']);
    expect(after.documents[0]!.title.en).toBe('Renamed');
    expect(ids(await pull(api, after.checkpoint, 3))).toEqual([]);
  });

  it('ends the pass with a full last page when nothing is left below it', async () => {
    const api = await catalogue(6);
    const first = await pull(api, undefined, 3);
    const last = await pull(api, first.checkpoint, 3);
    expect(ids(last)).toEqual(['c2', 'c1', 'c0']);
    expect(last.checkpoint.below).toBeUndefined();
    expect(ids(await pull(api, undefined, 6))).toEqual(['c5', 'c4', 'c3', 'c2', 'c1', 'c0']);
    expect((await pull(api, undefined, 6)).checkpoint.below).toBeUndefined();
  });

  it('sends only what the caller may read, and an empty catalogue as an empty page', async () => {
    const empty = await server({ ZHIKU_DEMO_CATALOG: 'off' });
    expect(await pull(empty, undefined, 3)).toEqual({ documents: [], checkpoint: { seq: 0 } });

    const api = await catalogue(2);
    await write(api, 'someone-elses-draft', { status: 'draft' }, 'another-creator');
    const everything = await pull(api, undefined, 10);
    expect(ids(everything)).toEqual(['c1', 'c0']);
  });

  it('refuses a malformed newest-first pull with a clear error', async () => {
    const api = await catalogue(1);
    const ask = (query: string) => api.call<{ error: { details: string[] } }>('GET', `/v1/sync/courses/pull?${query}`);
    expect((await ask('seq=5&below=3')).status).toBe(400);
    expect((await ask('seq=5&newest=1&below=9')).status).toBe(400);
    expect((await ask('seq=0&newest=1&held=1&scope=0')).status).toBe(400);
    expect((await ask('seq=0&newest=yes')).status).toBe(400);
    const refused = await ask('seq=5&newest=1&below=9');
    expect(refused.body.error.details.join()).toMatch(/below/);
  });
});
