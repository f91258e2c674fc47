import { describe, expect, it } from 'vitest';
import { ChangeHub } from './change-hub.js';
import { createCatalogPageCache } from './catalog-page-cache.js';

/** Pages are the bytes of a response body. */
const b = (text: string) => Buffer.from(text);
const notice = (collection: string) => [{ collection, ownerId: 'someone', isPublic: false }];

describe('the catalogue page cache', () => {
  it('computes a page once for many callers at once, and serves it until the collection changes', async () => {
    const hub = new ChangeHub();
    const cache = createCatalogPageCache(hub, { maxBytes: 1000, maxAgeMs: 60_000 });
    let computed = 0;
    const compute = async () => b(`page ${++computed}`);
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.page('courses', 0, 10, compute)));
    expect(new Set(answers.map((a) => a.body))).toEqual(new Set([b('page 1')]));
    expect(answers.filter((a) => !a.hit)).toHaveLength(1);
    hub.publish(notice('lessons'));
    expect(await cache.page('courses', 0, 10, compute)).toEqual({ body: b('page 1'), hit: true });
    // Any change to the collection, even one only its owner sees, retires its pages.
    hub.publish(notice('courses'));
    expect(await cache.page('courses', 0, 10, compute)).toEqual({ body: b('page 2'), hit: false });
  });

  it('does not keep a page computed while a change committed', async () => {
    const hub = new ChangeHub();
    const cache = createCatalogPageCache(hub, { maxBytes: 1000, maxAgeMs: 60_000 });
    let release!: (body: Buffer) => void;
    const slow = cache.page('courses', 0, 10, () => new Promise<Buffer>((resolve) => (release = resolve)));
    hub.publish(notice('courses'));
    release(b('before the change'));
    expect((await slow).body).toEqual(b('before the change'));
    expect(await cache.page('courses', 0, 10, async () => b('after the change'))).toEqual({
      body: b('after the change'),
      hit: false,
    });
  });

  it('drops everything when notices may have been missed, and anything older than its age limit', async () => {
    const hub = new ChangeHub();
    let clock = 0;
    const cache = createCatalogPageCache(hub, { maxBytes: 1000, maxAgeMs: 1000, now: () => clock });
    await cache.page('courses', 0, 10, async () => b('a'));
    await cache.page('reviews', 0, 10, async () => b('b'));
    hub.resync();
    expect((await cache.page('courses', 0, 10, async () => b('a2'))).hit).toBe(false);
    expect((await cache.page('reviews', 0, 10, async () => b('b2'))).hit).toBe(false);
    clock = 1001;
    expect(await cache.page('courses', 0, 10, async () => b('a3'))).toEqual({ body: b('a3'), hit: false });
  });

  it('stays within its byte budget, evicting the least recently used page', async () => {
    const cache = createCatalogPageCache(new ChangeHub(), { maxBytes: 25, maxAgeMs: 60_000 });
    await cache.page('courses', 0, 1, async () => b('x'.repeat(10)));
    await cache.page('courses', 1, 1, async () => b('y'.repeat(10)));
    await cache.page('courses', 0, 1, async () => b('unused')); // a hit: now most recently used
    await cache.page('courses', 2, 1, async () => b('z'.repeat(10)));
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 20 });
    expect((await cache.page('courses', 0, 1, async () => b('recomputed'))).hit).toBe(true);
    expect((await cache.page('courses', 1, 1, async () => b('recomputed'))).hit).toBe(false);
    // A page bigger than the whole budget is served but not kept.
    expect((await cache.page('lessons', 0, 1, async () => b('w'.repeat(30)))).hit).toBe(false);
    expect(cache.stats().bytes).toBeLessThanOrEqual(25);
  });
});
