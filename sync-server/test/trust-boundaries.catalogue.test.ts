import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCatalogPath } from '../../tests/helpers.js';
import { sampleDocument } from './sample-documents.js';
import { publishCourse, signUpAndIn, startTestServer } from './server-harness.js';
import { buy, lessonStatus, trustHarness } from './trust-harness.js';

/**
 * Regression tests of the trust-boundary review (docs/security.md lists the findings), the catalogue and payment links:
 * each failed on the code before the fix.
 */
const { newDir, server } = trustHarness();

describe('2–3, 6. the catalogue is written by publishing only', () => {
  it('a creator cannot take over another creator’s lesson id by publishing, and a refused publish writes nothing', async () => {
    const api = await server({ ZHIKU_DEMO_CATALOG: 'off' });
    const alice = await signUpAndIn(api, 'alice@example.com', { role: 'creator' });
    const mallory = await signUpAndIn(api, 'mallory@example.com', { role: 'creator' });
    const learner = await signUpAndIn(api, 'learner@example.com');
    await publishCourse(api, alice, 'alice-course', { lessonIds: ['alice-intro', 'alice-paid'], priceAmount: 4900 });
    const bought = await buy(api, learner, ['alice-course']);
    expect(await bought.pay()).toBe(200);
    const before = await lessonStatus(api, 'alice-paid', learner.accessToken);
    expect(before.status).toBe(200);

    // Mallory's course reuses Alice's paid lesson id.
    await expect(
      publishCourse(api, mallory, 'mallory-course', { lessonIds: ['m-1', 'alice-paid'], title: 'HIJACKED' }),
    ).rejects.toThrow(/publish failed: 403/);
    // Mallory also tries a course id that is Alice's.
    await expect(
      publishCourse(api, mallory, 'alice-course', { lessonIds: ['m-2'], title: 'HIJACKED' }),
    ).rejects.toThrow(/403|404/);
    const after = await lessonStatus(api, 'alice-paid', learner.accessToken);
    expect(after).toEqual(before);
    expect(after.text).not.toContain('HIJACKED');
    expect(
      await api.context.db.all("SELECT id FROM documents WHERE collection IN ('courses', 'lessons') AND owner_id = ?", [
        mallory.userId,
      ]),
    ).toEqual([]);
  });

  it('nobody pushes courses or lessons: no forged lesson claims another creator’s draft media, no course carries made-up ratings', async () => {
    const api = await server({ ZHIKU_DEMO_CATALOG: 'off' });
    const alice = await signUpAndIn(api, 'alice@example.com', { role: 'creator' });
    const mallory = await signUpAndIn(api, 'mallory@example.com', { role: 'creator' });
    await publishCourse(api, mallory, 'mallory-course', { lessonIds: ['mallory-1'] });
    // Alice's unpublished handout, uploaded for a lesson of her draft.
    const pdf = readFileSync(join(demoCatalogPath, '..', 'media/algo-l3.pdf'));
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const secret = {
      id: 'alice-secret',
      kind: 'pdf',
      title: { zh: '讲义', en: 'Handout' },
      freePreview: false,
      durationSeconds: 60,
    };
    const draft = {
      ...sampleDocument('coursedrafts', alice.userId, 'alice'),
      sections: [{ id: 's', title: { zh: '一', en: 'One' }, lessonIds: [secret.id] }],
      lessons: [secret],
    };
    expect(
      (
        await api.call('POST', '/v1/sync/coursedrafts/push', {
          token: alice.accessToken,
          body: [{ newDocumentState: draft }],
        })
      ).status,
    ).toBe(200);
    const upload = await api.call<{ uploadId: string }>('POST', '/v1/content/uploads', {
      token: alice.accessToken,
      body: { lessonId: secret.id, courseId: 'course-alice', bytes: pdf.length, sha256, mime: 'application/pdf' },
    });
    const put = await fetch(`${api.url}/v1/content/uploads/${upload.body.uploadId}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${alice.accessToken}`,
        'content-type': 'application/octet-stream',
        'upload-offset': '0',
      },
      body: pdf,
    });
    expect(await put.json()).toMatchObject({ complete: true });

    // Mallory claims the id as a free preview of her published course: by a push, then by publishing.
    const lesson = {
      id: secret.id,
      courseId: 'mallory-course',
      sectionId: 'mallory-course-s1',
      position: 9,
      kind: 'pdf',
      title: { zh: 'x', en: 'x' },
      durationSeconds: 1,
      freePreview: true,
      contentBytes: pdf.length,
      contentSha256: sha256,
      updatedAt: 1,
      _deleted: false,
    };
    expect(
      (
        await api.call('POST', '/v1/sync/lessons/push', {
          token: mallory.accessToken,
          body: [{ newDocumentState: lesson }],
        })
      ).status,
    ).toBe(403);
    await expect(
      publishCourse(api, mallory, 'mallory-course', { lessonIds: ['mallory-1', secret.id] }),
    ).rejects.toThrow(/publish failed: 403/);
    expect((await lessonStatus(api, secret.id)).status).toBe(404);
    expect((await lessonStatus(api, secret.id, mallory.accessToken)).status).toBe(404);

    // Nor can a course carry made-up figures.
    const course = (await api.call<{ documents: Record<string, unknown>[] }>('GET', '/v1/sync/courses/pull')).body
      .documents[0]!;
    const forged = { ...course, ratingAverage: 5, ratingCount: 100_000, creatorName: { zh: '官方', en: 'Official' } };
    expect(
      (
        await api.call('POST', '/v1/sync/courses/push', {
          token: mallory.accessToken,
          body: [{ assumedMasterState: course, newDocumentState: forged }],
        })
      ).status,
    ).toBe(403);
    expect(
      (await api.call<{ documents: Record<string, unknown>[] }>('GET', '/v1/sync/courses/pull')).body.documents[0],
    ).toEqual(course);
  });
});

describe('4. payments are explicit, links name the public URL', () => {
  it('the test checkout links to the public URL, never to a wildcard bind address', async () => {
    const api = await server({ ZHIKU_SERVER_HOST: '0.0.0.0' });
    const learner = await signUpAndIn(api, 'buyer@example.com');
    const created = await api.call<{ checkoutUrl: string }>('POST', '/v1/orders', {
      token: learner.accessToken,
      body: { courseIds: ['algorithms-intro'] },
    });
    expect(created.body.checkoutUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/test-checkout\//);
    // Like a real checkout, the page names the course, the total, the date and the buyer (escaped).
    const page = await (await fetch(created.body.checkoutUrl)).text();
    expect(page).toContain('算法导论');
    expect(page).toContain('buyer@example.com');
    expect(page).toContain(new Date().toISOString().slice(0, 10));
    expect(page).toMatch(/合计 Total<\/th><th[^>]*>CN¥\d+\.\d\d/);
    const proxied = await server({ ZHIKU_PUBLIC_URL: 'https://learn.example.com/' });
    const other = await signUpAndIn(proxied, 'other@example.com');
    const behindProxy = await proxied.call<{ checkoutUrl: string }>('POST', '/v1/orders', {
      token: other.accessToken,
      body: { courseIds: ['algorithms-intro'] },
    });
    expect(behindProxy.body.checkoutUrl).toMatch(/^https:\/\/learn\.example\.com\/v1\/test-checkout\//);
  });

  it('a production server without a payments mode, or with half of Stripe’s, does not start', async () => {
    await expect(
      startTestServer(newDir(), {
        ZHIKU_MODE: 'production',
        ZHIKU_DEMO_CATALOG: 'off',
        ZHIKU_CREATOR_APPROVAL: 'manual',
      }),
    ).rejects.toThrow(/ZHIKU_PAYMENTS/);
    await expect(
      startTestServer(newDir(), {
        ZHIKU_MODE: 'production',
        ZHIKU_DEMO_CATALOG: 'off',
        ZHIKU_CREATOR_APPROVAL: 'manual',
        STRIPE_SECRET_KEY: 'sk_live_abc',
      }),
    ).rejects.toThrow(/STRIPE_WEBHOOK_SECRET/);
    await expect(
      startTestServer(newDir(), {
        ZHIKU_MODE: 'production',
        ZHIKU_DEMO_CATALOG: 'off',
        ZHIKU_CREATOR_APPROVAL: 'manual',
        ZHIKU_PAYMENTS: 'test',
        ZHIKU_SERVER_HOST: '0.0.0.0',
        ZHIKU_PUBLIC_URL: 'https://learn.example.com',
      }),
    ).rejects.toThrow(/test checkout/);
  });
});
