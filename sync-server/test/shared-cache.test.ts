import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCatalogPath, useCleanups, useTempDirs } from '../../tests/helpers.js';
import { startNginx } from '../../tests/nginx.js';
import { signUpAndIn, startTestServer } from './server-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

const media = (file: string) => readFileSync(join(demoCatalogPath, '..', 'media', file));

describe('nginx’s shared cache in front of the instances (deploy/nginx.conf.template)', () => {
  it('keeps what anyone may read, and never hands one learner’s content, or a refusal, to anyone else', async () => {
    const api = await startTestServer(newDir());
    cleanups.push(() => api.close());
    const nginx = await startNginx([new URL(api.url).host]);
    cleanups.push(() => nginx.stop());
    const get = async (path: string, token?: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${nginx.url}${path}`, {
        headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      return {
        status: response.status,
        cache: response.headers.get('x-cache-status'),
        control: response.headers.get('cache-control'),
        body: Buffer.from(await response.arrayBuffer()),
      };
    };
    const buyer = await signUpAndIn(api, 'buyer@example.com');
    const other = await signUpAndIn(api, 'other@example.com');
    const boss = await signUpAndIn(api, 'boss@example.com');
    await api.context.auth.setRole(boss.userId, 'admin');

    // A free preview: fetched once from an instance, then from the cache, whoever asks.
    const preview = media('algo-l2.webm');
    const previews = [await get('/v1/content/lessons/algo-l2')];
    for (let i = 0; i < 9; i++)
      previews.push(await get('/v1/content/lessons/algo-l2', i % 2 ? buyer.accessToken : undefined));
    expect(previews.every((p) => p.status === 200 && p.body.equals(preview))).toBe(true);
    expect(previews.map((p) => p.cache)).toEqual(['MISS', ...Array<string>(9).fill('HIT')]);
    expect(previews[0]!.control).toBe('public, max-age=60, must-revalidate');
    const part = await get('/v1/content/lessons/algo-l2', undefined, { range: 'bytes=100-1099' });
    expect([part.status, part.cache, part.body.equals(preview.subarray(100, 1100))]).toEqual([206, 'HIT', true]);

    // A paid lesson: the entitled learner gets it every time from an instance, never from the cache…
    await api.call('POST', '/v1/admin/entitlements', {
      token: boss.accessToken,
      body: { userId: buyer.userId, courseId: 'algorithms-intro' },
    });
    const paid = [
      await get('/v1/content/lessons/algo-l3', buyer.accessToken),
      await get('/v1/content/lessons/algo-l3', buyer.accessToken),
    ];
    expect(paid.map((p) => [p.status, p.cache, p.control])).toEqual([
      [200, 'MISS', 'private, no-cache'],
      [200, 'MISS', 'private, no-cache'],
    ]);
    expect(paid[1]!.body.equals(media('algo-l3.pdf'))).toBe(true);
    // …so nobody else gets it from there: not another learner, not an anonymous caller.
    expect((await get('/v1/content/lessons/algo-l3', other.accessToken)).status).toBe(403);
    expect((await get('/v1/content/lessons/algo-l3')).status).toBe(401);
    // Refusals are not kept either: once entitled, the other learner gets the lesson at once.
    await api.call('POST', '/v1/admin/entitlements', {
      token: boss.accessToken,
      body: { userId: other.userId, courseId: 'algorithms-intro' },
    });
    expect((await get('/v1/content/lessons/algo-l3', other.accessToken)).status).toBe(200);
    // And a revoked learner is refused at once.
    await api.call('POST', '/v1/admin/entitlements/revoke', {
      token: boss.accessToken,
      body: { userId: buyer.userId, courseId: 'algorithms-intro' },
    });
    expect((await get('/v1/content/lessons/algo-l3', buyer.accessToken)).status).toBe(403);

    // Personal sync data passes through uncached, each caller seeing only their own.
    const entitlements = await get('/v1/sync/entitlements/pull?seq=0&limit=50', other.accessToken);
    expect(entitlements.cache).toBeNull();
    expect(entitlements.control).toBe('no-store');
    const owners = (JSON.parse(entitlements.body.toString()) as { documents: { userId: string }[] }).documents.map(
      (d) => d.userId,
    );
    expect(new Set(owners)).toEqual(new Set([other.userId]));

    // The recommendation aggregates are the same for everyone: cached.
    const aggregates = [
      await get('/v1/recommend/aggregates'),
      await get('/v1/recommend/aggregates', buyer.accessToken),
    ];
    expect(aggregates.map((a) => [a.status, a.cache])).toEqual([
      [200, 'MISS'],
      [200, 'HIT'],
    ]);
    expect(aggregates[1]!.body.equals(aggregates[0]!.body)).toBe(true);
  }, 60_000);
});
