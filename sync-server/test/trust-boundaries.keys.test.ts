import { describe, expect, it } from 'vitest';
import { signUpAndIn, startTestServer } from './server-harness.js';
import { PASSWORD, admin, entitlementsOf, login, trustHarness } from './trust-harness.js';

/**
 * Regression tests of the trust-boundary review (docs/security.md lists the findings), signing keys and the smaller findings:
 * each failed on the code before the fix.
 */
const { newDir, server } = trustHarness();

describe('9. the smaller findings', () => {
  it('access tokens stop at once after a password change, a sign-out everywhere, or an organization’s reset', async () => {
    const api = await server();
    const laptop = await signUpAndIn(api, 'two@example.com');
    const phone = (await login(api, 'two@example.com', PASSWORD)).body;
    expect((await api.call('GET', '/v1/me', { token: phone.accessToken })).status).toBe(200);
    expect(
      (
        await api.call('POST', '/v1/me/password', {
          token: laptop.accessToken,
          body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
        })
      ).status,
    ).toBe(204);
    expect((await api.call('GET', '/v1/me', { token: phone.accessToken })).status).toBe(401);
    expect((await api.call('GET', '/v1/me', { token: laptop.accessToken })).status).toBe(200);
    expect(
      (await api.call('POST', '/v1/auth/logout', { token: laptop.accessToken, body: { everywhere: true } })).status,
    ).toBe(204);
    expect((await api.call('GET', '/v1/me', { token: laptop.accessToken })).status).toBe(401);
    expect((await login(api, 'two@example.com', 'a brand new passphrase')).status).toBe(200);
  });

  it('a pack manifest is signed only for courses the caller holds', async () => {
    const api = await server();
    const learner = await signUpAndIn(api, 'packer@example.com');
    const lesson = (
      await api.call<{
        documents: {
          id: string;
          courseId: string;
          freePreview: boolean;
          contentSha256: string;
          contentBytes: number;
        }[];
      }>('GET', '/v1/sync/lessons/pull?limit=500')
    ).body.documents.find((l) => l.freePreview && l.courseId === 'algorithms-intro')!;
    const manifest = {
      format: 'zhiku-pack',
      version: 1,
      createdAt: 1,
      serverUrl: api.url,
      courseIds: ['algorithms-intro'],
      lessons: [
        {
          lessonId: lesson.id,
          courseId: lesson.courseId,
          file: '0'.repeat(32) + '.zkp',
          plainBytes: lesson.contentBytes,
          plainSha256: lesson.contentSha256,
          packedBytes: 1,
          packedSha256: 'b'.repeat(64),
        },
      ],
    };
    const signed = await api.call<{ error: { code: string } }>('POST', '/v1/content/packs/sign', {
      token: learner.accessToken,
      body: { manifest },
    });
    expect(signed.status).toBe(403);
  });

  it('deeply nested JSON and broken paths answer 4xx in the API’s error format', async () => {
    const api = await server();
    const me = await signUpAndIn(api, 'deep@example.com');
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const pushed = await api.call<{ error: { code: string } }>('POST', '/v1/sync/notes/push', {
      token: me.accessToken,
      rawBody: deep,
    });
    expect(pushed.status).toBe(400);
    expect(pushed.body.error.code).toBe('INVALID_INPUT');
    const object = await api.call<{ error: { code: string } }>('POST', '/v1/auth/login', {
      rawBody: `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
    });
    expect(object.status).toBe(400);
    const broken = await fetch(`${api.url}/v1/content/lessons/%E0%A4%A`);
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toMatch(/INVALID_INPUT|NOT_FOUND/);
  });

  it('signing keys do not come from the token secret: rotating it signs everyone out but keeps offline content valid', async () => {
    const dataDir = newDir();
    const first = await startTestServer(dataDir, { ZHIKU_TOKEN_SECRET: 'the-first-secret-that-is-long-enough-x' });
    const root = await admin(first);
    const learner = await signUpAndIn(first, 'keeper@example.com');
    expect(
      (
        await first.call('POST', '/v1/admin/entitlements', {
          token: root.accessToken,
          body: { userId: learner.userId, courseId: 'algorithms-intro' },
        })
      ).status,
    ).toBe(201);
    const keysBefore = await (await fetch(`${first.url}/v1/keys`)).json();
    const [entitlement] = await entitlementsOf(first, learner);
    await first.close();
    const second = await server({ ZHIKU_TOKEN_SECRET: 'the-second-secret-that-is-long-enough-y' }, dataDir);
    expect((await second.call('GET', '/v1/me', { token: learner.accessToken })).status).toBe(401);
    expect(await (await fetch(`${second.url}/v1/keys`)).json()).toEqual(keysBefore);
    const signed = entitlement as unknown as {
      id: string;
      userId: string;
      courseId: string;
      grantedAt: number;
      signature: string;
    };
    expect(second.context.entitlements.verify(signed, signed.signature)).toBe(true);
  });
});

describe('6. signing keys rotate', () => {
  it('a new key signs from rotation on, old signatures verify until the old key retires, and retiring signs them again', async () => {
    const api = await server();
    const root = await admin(api);
    const learner = await signUpAndIn(api, 'rotating@example.com');
    const keys = async () => (await api.call<{ active: string; keys: { kid: string }[] }>('GET', '/v1/keys')).body;
    const grant = (courseId: string) =>
      api.call('POST', '/v1/admin/entitlements', {
        token: root.accessToken,
        body: { userId: learner.userId, courseId },
      });
    const kidOf = (signature: string) => signature.slice(0, signature.indexOf('.'));
    const docs = async () =>
      (
        await api.call<{
          documents: { courseId: string; signature: string; id: string; userId: string; grantedAt: number }[];
        }>('GET', '/v1/sync/entitlements/pull', { token: learner.accessToken })
      ).body.documents;
    expect((await grant('algorithms-intro')).status).toBe(201);
    const first = await keys();
    expect((await api.call('POST', '/v1/admin/keys/rotate', { token: learner.accessToken })).status).toBe(403);
    const rotated = await api.call<{ active: string }>('POST', '/v1/admin/keys/rotate', { token: root.accessToken });
    expect(rotated.status).toBe(201);
    expect(rotated.body.active).not.toBe(first.active);
    expect((await keys()).keys.map((k) => k.kid).sort()).toEqual([first.active, rotated.body.active].sort());
    expect((await grant('python-data')).status).toBe(201);
    const before = await docs();
    expect(Object.fromEntries(before.map((d) => [d.courseId, kidOf(d.signature)]))).toEqual({
      'algorithms-intro': first.active,
      'python-data': rotated.body.active,
    });
    for (const doc of before) expect(api.context.entitlements.verify(doc, doc.signature)).toBe(true);
    // The active key cannot be retired; the old one can, after its entitlements are signed again.
    expect(
      (await api.call('POST', `/v1/admin/keys/${rotated.body.active}/retire`, { token: root.accessToken })).status,
    ).toBe(409);
    expect((await api.call('POST', `/v1/admin/keys/${first.active}/retire`, { token: root.accessToken })).body).toEqual(
      { resigned: 1 },
    );
    expect((await keys()).keys.map((k) => k.kid)).toEqual([rotated.body.active]);
    const after = await docs();
    expect(after.map((d) => kidOf(d.signature))).toEqual([rotated.body.active, rotated.body.active]);
    for (const doc of after) expect(api.context.entitlements.verify(doc, doc.signature)).toBe(true);
    expect(api.context.entitlements.verify(before[0]!, before[0]!.signature)).toBe(false);
  });
});
