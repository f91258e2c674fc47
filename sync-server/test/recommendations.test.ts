import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RatingDoc } from '../../common/collections/index.js';
import { decodeAggregates } from '../../common/recommend/aggregate-format.js';
import { neighboursOf } from '../../common/recommend/aggregates.js';
import { useTempDirs } from '../../tests/helpers.js';
import {
  BACKENDS,
  backendEnv,
  signUpAndIn,
  startTestServer,
  stopSharedPostgres,
  type Session,
  type TestServer,
} from './server-harness.js';

afterAll(stopSharedPostgres, 60_000);

const FREE = ['typography-screens', 'ancient-china-history'] as const;
const PUBLIC_COLLECTIONS = ['courses', 'lessons', 'reviews'] as const;

describe.each(BACKENDS)('the recommender’s published aggregates on %s', (backend) => {
  const newDir = useTempDirs();
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  const rate = (api: TestServer, session: Session, courseId: string, stars: number) => {
    const doc: RatingDoc & { _deleted: boolean } = {
      id: `${session.userId}:${courseId}`,
      userId: session.userId,
      courseId,
      stars: stars as RatingDoc['stars'],
      review: '很好',
      createdAt: 1,
      updatedAt: 1,
      _deleted: false,
    };
    return api.call('POST', '/v1/sync/ratings/push', {
      token: session.accessToken,
      body: [{ assumedMasterState: null, newDocumentState: doc }],
    });
  };
  async function snapshot(api: TestServer, etag?: string) {
    const response = await fetch(`${api.url}/v1/recommend/aggregates`, {
      headers: etag ? { 'if-none-match': etag } : {},
    });
    const body = new Uint8Array(await response.arrayBuffer());
    return {
      status: response.status,
      etag: response.headers.get('etag') ?? '',
      raw: response.status === 200 ? gunzipSync(body) : Buffer.alloc(0),
    };
  }

  it('publish only item-level figures with enough learners, never who rated what', async () => {
    const api = await startTestServer(newDir(), {
      ...(await backendEnv(backend)),
      ZHIKU_RECOMMEND_REBUILD_SECONDS: '0',
      ZHIKU_RECOMMEND_MIN_SUPPORT: '5',
    });
    servers.push(api);
    const learners: { session: Session; email: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const email = `learner${i}@example.com`;
      learners.push({ session: await signUpAndIn(api, email), email });
    }
    // Three learners rate both free courses: below the minimum support, nothing about them is published.
    for (const { session } of learners.slice(0, 3))
      for (const course of FREE) expect((await rate(api, session, course, 4)).status).toBe(200);
    let published = await snapshot(api);
    expect(published.status).toBe(200);
    let decoded = decodeAggregates(published.raw);
    const at = (id: string) => decoded.itemIds.indexOf(id);
    expect(decoded.itemIds).toEqual(expect.arrayContaining([...FREE, 'algorithms-intro']));
    for (const course of FREE) {
      expect(decoded.aggregates.count[at(course)]).toBe(0);
      expect(neighboursOf(decoded.aggregates, at(course))).toEqual([]);
    }

    // Two more learners rate both, one more only the history course: five learners share the pair.
    for (const { session } of learners.slice(3, 5))
      for (const course of FREE) expect((await rate(api, session, course, 5)).status).toBe(200);
    expect((await rate(api, learners[5]!.session, 'ancient-china-history', 3)).status).toBe(200);
    published = await snapshot(api);
    decoded = decodeAggregates(published.raw);
    expect(decoded.aggregates.count[at('typography-screens')]).toBe(5);
    expect(decoded.aggregates.count[at('ancient-china-history')]).toBe(6);
    expect(neighboursOf(decoded.aggregates, at('typography-screens'))).toEqual([
      expect.objectContaining({ item: at('ancient-china-history'), together: 5 }),
    ]);
    expect(decoded.aggregates.learners).toBe(6);
    // No account id, e-mail address or display name anywhere in the bytes.
    const text = published.raw.toString('latin1') + published.raw.toString('utf8');
    for (const { session, email } of learners) {
      expect(text).not.toContain(session.userId);
      expect(text).not.toContain(email);
      expect(text).not.toContain(email.split('@')[0]);
      expect(text).not.toContain(session.deviceId);
    }

    // Unchanged data: the same ETag answers 304; a new rating makes a new snapshot.
    expect((await snapshot(api, published.etag)).status).toBe(304);
    expect((await rate(api, learners[5]!.session, 'typography-screens', 2)).status).toBe(200);
    const next = await snapshot(api, published.etag);
    expect(next.status).toBe(200);
    expect(next.etag).not.toBe(published.etag);
    expect(decodeAggregates(next.raw).aggregates.count[at('typography-screens')]).toBe(6);

    // Nothing else a device receives without signing in names a learner either.
    for (const collection of PUBLIC_COLLECTIONS) {
      const pulled = await api.call<{ documents: unknown[] }>('GET', `/v1/sync/${collection}/pull?seq=0&limit=500`);
      const body = JSON.stringify(pulled.body.documents);
      for (const { session, email } of learners) {
        expect(body).not.toContain(session.userId);
        expect(body).not.toContain(email);
      }
    }
  });

  it('refuse a damaged snapshot with a clear error on the device side', () => {
    expect(() => decodeAggregates(new Uint8Array([1, 2]))).toThrow(/too short/);
    expect(() => decodeAggregates(new Uint8Array([200, 0, 0, 0, 1]))).toThrow(/header runs past/);
    const header = new TextEncoder().encode(JSON.stringify({ format: 'zhiku-aggregates', version: 99 }));
    const bytes = new Uint8Array(4 + header.length);
    new DataView(bytes.buffer).setUint32(0, header.length, true);
    bytes.set(header, 4);
    expect(() => decodeAggregates(bytes)).toThrow(/version 99/);
  });
});
