import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCatalogPath, useCleanups, useTempDirs } from '../../tests/helpers.js';
import { sampleDocument } from './sample-documents.js';
import {
  deviceInfo,
  publishCourse,
  signUpAndIn,
  startTestServer,
  type Session,
  type TestServer,
} from './server-harness.js';

/**
 * One regression test per finding of the trust-boundary review (docs/security.md lists them):
 * each failed on the code before the fix.
 */
const newDir = useTempDirs();
const cleanups = useCleanups();
async function server(env: Record<string, string> = {}, dataDir = newDir()) {
  const started = await startTestServer(dataDir, env);
  cleanups.push(() => started.close());
  return started;
}
async function admin(api: TestServer, email = 'root@example.com'): Promise<Session> {
  const session = await signUpAndIn(api, email);
  await api.context.auth.setRole(session.userId, 'admin');
  return session;
}
const login = (api: TestServer, email: string, password: string) =>
  api.call<{ accessToken: string }>('POST', '/v1/auth/login', { body: { email, password, device: deviceInfo() } });
const lessonStatus = (api: TestServer, lessonId: string, token?: string) =>
  fetch(
    `${api.url}/v1/content/lessons/${lessonId}`,
    token ? { headers: { authorization: `Bearer ${token}` } } : {},
  ).then(async (r) => ({ status: r.status, text: await r.text() }));
const entitlementsOf = async (api: TestServer, session: Session) =>
  (
    await api.call<{ documents: { courseId: string; source: string; revokedAt?: number }[] }>(
      'GET',
      '/v1/sync/entitlements/pull',
      { token: session.accessToken },
    )
  ).body.documents;
const buy = async (api: TestServer, session: Session, courseIds: string[], couponCode?: string) => {
  const created = await api.call<{ orderId: string; checkoutUrl: string }>('POST', '/v1/orders', {
    token: session.accessToken,
    body: { courseIds, ...(couponCode ? { couponCode } : {}) },
  });
  return {
    ...created.body,
    status: created.status,
    pay: () => fetch(`${created.body.checkoutUrl}/pay`, { method: 'POST' }).then((r) => r.status),
  };
};
const PASSWORD = 'correct horse battery';

describe('1. organizations never gain power over accounts they did not make', () => {
  it('an organization admin who imports the platform admin’s address and “sets its password” changes nothing of that account', async () => {
    const api = await server();
    const root = await admin(api);
    const orgAdmin = await signUpAndIn(api, 'it@school.example');
    const organizationId = (
      await api.call<{ provisioning: { organization: { id: string } } }>('POST', '/v1/admin/provisioning', {
        token: root.accessToken,
        body: { organization: { name: 'School' }, serverUrl: api.url, enrollment: { maxUses: 5 } },
      })
    ).body.provisioning.organization.id;
    await api.context.db.run(
      "INSERT INTO organization_members (organization_id, user_id, role, joined_at) VALUES (?, ?, 'admin', 0)",
      [organizationId, orgAdmin.userId],
    );

    const imported = await api.call('POST', `/v1/organizations/${organizationId}/roster`, {
      token: orgAdmin.accessToken,
      body: {
        csv: 'email,name,role\nroot@example.com,Root,admin\nfresh@school.example,Fresh,learner\n',
        dryRun: false,
      },
    });
    expect(imported.status).toBe(200);
    const members = (
      await api.call<{ members: { userId: string; email: string; status: string }[] }>(
        'GET',
        `/v1/organizations/${organizationId}/members`,
        { token: orgAdmin.accessToken },
      )
    ).body.members;
    const rootRow = members.find((m) => m.email === 'root@example.com')!;
    const freshRow = members.find((m) => m.email === 'fresh@school.example')!;
    expect([rootRow.status, freshRow.status]).toEqual(['invited', 'invited']);

    const setPassword = (row: { userId: string }) =>
      api.call('POST', `/v1/organizations/${organizationId}/members/${row.userId}/password`, {
        token: orgAdmin.accessToken,
        body: { password: 'taken over at last' },
      });
    const onRoot = await setPassword(rootRow);
    const onFresh = await setPassword(freshRow);
    // The same answer for both: the organization cannot tell which address had an account.
    expect(onRoot.status).toBe(204);
    expect(onFresh.status).toBe(204);
    expect((await login(api, 'root@example.com', 'taken over at last')).status).toBe(401);
    expect((await login(api, 'root@example.com', PASSWORD)).status).toBe(200);
    // The address without an account got one, owned by the organization, which it joins at sign-in.
    expect((await login(api, 'fresh@school.example', 'taken over at last')).status).toBe(200);
    // Nor through the member route once the platform admin is not a member: 404, nothing changed.
    expect(
      (
        await api.call('POST', `/v1/organizations/${organizationId}/members/${root.userId}/password`, {
          token: orgAdmin.accessToken,
          body: { password: 'taken over at last' },
        })
      ).status,
    ).toBe(404);
    expect((await login(api, 'root@example.com', PASSWORD)).status).toBe(200);
  });

  it('a member who joined with their own account, or who took over the organization’s account, manages their own password', async () => {
    const api = await server();
    const root = await admin(api);
    const organizationId = (
      await api.call<{ provisioning: { organization: { id: string }; enrollmentToken: string } }>(
        'POST',
        '/v1/admin/provisioning',
        {
          token: root.accessToken,
          body: { organization: { name: 'School' }, serverUrl: api.url, enrollment: { maxUses: 5 } },
        },
      )
    ).body.provisioning;
    const own = await signUpAndIn(api, 'own@example.com');
    expect(
      (
        await api.call('POST', '/v1/organizations/join', {
          token: own.accessToken,
          body: { token: organizationId.enrollmentToken },
        })
      ).status,
    ).toBe(200);
    const reset = await api.call<{ error: { code: string } }>(
      'POST',
      `/v1/organizations/${organizationId.organization.id}/members/${own.userId}/password`,
      { token: root.accessToken, body: { password: 'taken over at last' } },
    );
    expect(reset.status).toBe(403);
    expect((await login(api, 'own@example.com', PASSWORD)).status).toBe(200);
  });
});

describe('1b. an invitation goes to the account it was made for', () => {
  it('whoever signs up later with an invited address cannot accept the invitation or take the organization’s first password', async () => {
    const api = await server();
    const root = await admin(api);
    const organizationId = (
      await api.call<{ provisioning: { organization: { id: string } } }>('POST', '/v1/admin/provisioning', {
        token: root.accessToken,
        body: { organization: { name: 'School' }, serverUrl: api.url, enrollment: { maxUses: 5 } },
      })
    ).body.provisioning.organization.id;
    await api.call('POST', `/v1/organizations/${organizationId}/roster`, {
      token: root.accessToken,
      body: { csv: 'email,name,role\nnew-admin@school.example,New admin,admin\n', dryRun: false },
    });
    // Someone else registers the invited address first.
    const squatter = await signUpAndIn(api, 'new-admin@school.example');
    expect(
      (
        await api.call<{ invitations: unknown[] }>('GET', '/v1/organizations/invitations', {
          token: squatter.accessToken,
        })
      ).body.invitations,
    ).toEqual([]);
    const invitation = (
      await api.call<{ members: { userId: string }[] }>('GET', `/v1/organizations/${organizationId}/members`, {
        token: root.accessToken,
      })
    ).body.members[0]!;
    expect(
      (
        await api.call('POST', `/v1/organizations/invitations/${invitation.userId}/accept`, {
          token: squatter.accessToken,
        })
      ).status,
    ).toBe(404);
    // The first password the organization sets makes no account for an address someone now holds, and changes nothing of theirs.
    expect(
      (
        await api.call('POST', `/v1/organizations/${organizationId}/members/${invitation.userId}/password`, {
          token: root.accessToken,
          body: { password: 'organization first password' },
        })
      ).status,
    ).toBe(204);
    expect((await login(api, 'new-admin@school.example', 'organization first password')).status).toBe(401);
    expect(
      (await api.call<{ organizations: unknown[] }>('GET', '/v1/organizations/mine', { token: squatter.accessToken }))
        .body.organizations,
    ).toEqual([]);
    // Only the organization's admins withdraw its invitations; withdrawn, the address can be invited again.
    expect(
      (
        await api.call('DELETE', `/v1/organizations/${organizationId}/invitations/${invitation.userId}`, {
          token: squatter.accessToken,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.call('DELETE', `/v1/organizations/${organizationId}/invitations/${invitation.userId}`, {
          token: root.accessToken,
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await api.call<{ members: unknown[] }>('GET', `/v1/organizations/${organizationId}/members`, {
          token: root.accessToken,
        })
      ).body.members,
    ).toEqual([]);
  });
});

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

describe('5. a refund stays a refund', () => {
  it('neither a second test payment nor a late “paid” event gives back a refunded course', async () => {
    const api = await server();
    const root = await admin(api);
    const learner = await signUpAndIn(api, 'refunded@example.com');
    const order = await buy(api, learner, ['algorithms-intro']);
    expect(await order.pay()).toBe(200);
    expect(
      (
        await api.call('POST', `/v1/admin/orders/${order.orderId}/refund`, {
          token: root.accessToken,
          body: { courseIds: ['algorithms-intro'] },
        })
      ).status,
    ).toBe(200);
    expect((await entitlementsOf(api, learner))[0]?.revokedAt).toBeGreaterThan(0);
    expect(await order.pay()).toBe(409);
    const checkout = await api.context.db.get<{ session_id: string }>(
      'SELECT session_id FROM checkouts WHERE order_id = ?',
      [order.orderId],
    );
    expect(
      await api.context.orders.applyEvent({
        id: 'evt_late_completion',
        type: 'checkout.session.completed',
        data: { object: { id: checkout!.session_id, payment_status: 'paid' } },
      }),
    ).toBe('processed');
    expect((await entitlementsOf(api, learner))[0]?.revokedAt).toBeGreaterThan(0);
    expect((await lessonStatus(api, 'algo-l3', learner.accessToken)).status).toBe(403);
  });
});

describe('7. one learner cannot hoard a limited coupon', () => {
  it('unpaid orders hold one use per learner, and a new order takes it over', async () => {
    const api = await server();
    const root = await admin(api);
    const now = Date.now();
    expect(
      (
        await api.call('POST', '/v1/admin/coupons', {
          token: root.accessToken,
          body: {
            code: 'FEW',
            kind: 'percent',
            value: 10,
            validFrom: now - 1000,
            validUntil: now + 3_600_000,
            maxRedemptions: 2,
          },
        })
      ).status,
    ).toBe(201);
    const hoarder = await signUpAndIn(api, 'hoarder@example.com');
    const orders = [];
    for (const courseId of ['algorithms-intro', 'python-data', 'ml-foundations'])
      orders.push(await buy(api, hoarder, [courseId], 'FEW'));
    expect(orders.map((o) => o.status)).toEqual([201, 201, 201]);
    expect(
      await api.context.db.get<{ redemptions: number }>("SELECT redemptions FROM coupons WHERE code = 'FEW'"),
    ).toEqual({ redemptions: 1 });
    // The earlier orders were given up: their checkouts no longer take payment.
    expect(await orders[0]!.pay()).toBe(409);
    const other = await signUpAndIn(api, 'other@example.com');
    expect((await buy(api, other, ['algorithms-intro'], 'FEW')).status).toBe(201);
    // Paid, the use is spent: the same learner cannot use it again.
    expect(await orders[2]!.pay()).toBe(200);
    expect((await buy(api, hoarder, ['algorithms-intro'], 'FEW')).status).toBe(409);
  });
});

describe('8. a seat move takes only the seat', () => {
  it('a learner who bought the course keeps it when their seat moves to someone else', async () => {
    const api = await server();
    const root = await admin(api);
    const manager = await signUpAndIn(api, 'it@school.example');
    const pool = (
      await api.call<{ poolId: string }>('POST', '/v1/admin/seat-pools', {
        token: root.accessToken,
        body: { institution: 'School', managerId: manager.userId, courseId: 'algorithms-intro', seats: 1 },
      })
    ).body.poolId;
    const code = (
      await api.call<{ codes: string[] }>('POST', `/v1/seat-pools/${pool}/codes`, {
        token: manager.accessToken,
        body: { count: 1, maxUses: 1 },
      })
    ).body.codes[0]!;
    const buyer = await signUpAndIn(api, 'buyer@example.com');
    const order = await buy(api, buyer, ['algorithms-intro']);
    expect((await api.call('POST', '/v1/redeem', { token: buyer.accessToken, body: { code } })).status).toBe(200);
    expect(await order.pay()).toBe(200);
    const next = await signUpAndIn(api, 'next@example.com');
    expect(
      (
        await api.call('POST', `/v1/seat-pools/${pool}/reassign`, {
          token: manager.accessToken,
          body: { fromUserId: buyer.userId, toUserId: next.userId },
        })
      ).status,
    ).toBe(200);
    expect(await entitlementsOf(api, buyer)).toMatchObject([{ courseId: 'algorithms-intro', source: 'purchase' }]);
    expect((await entitlementsOf(api, buyer))[0]?.revokedAt).toBeUndefined();
    expect((await lessonStatus(api, 'algo-l3', buyer.accessToken)).status).toBe(200);
    expect((await lessonStatus(api, 'algo-l3', next.accessToken)).status).toBe(200);
    // Refunding the purchase then ends the buyer's access: no seat is left to hold it.
    expect(
      (
        await api.call('POST', `/v1/admin/orders/${order.orderId}/refund`, {
          token: root.accessToken,
          body: { courseIds: ['algorithms-intro'] },
        })
      ).status,
    ).toBe(200);
    expect((await lessonStatus(api, 'algo-l3', buyer.accessToken)).status).toBe(403);
  });
});

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
