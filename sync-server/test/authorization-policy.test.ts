import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, useCleanups, useTempDirs } from '../../tests/helpers.js';
import { policyTableMarkdown } from '../policy/policy-table.js';
import { routesOf } from '../build-server.js';
import { COLLECTION_RULES } from '../replication/collection-rules.js';
import Fastify from 'fastify';
import {
  checkPolicyCoverage,
  COLLECTION_POLICY,
  gateOf,
  policyKeyOf,
  PolicyGapError,
  ROUTE_POLICY,
} from '../policy/authorization-policy.js';
import { installPolicy } from '../policy/install-policy.js';
import { publishCourse, signUpAndIn, startTestServer, type Session } from './server-harness.js';
import { sampleDocument } from './sample-documents.js';

const newDir = useTempDirs();
const cleanups = useCleanups();
async function server() {
  const started = await startTestServer(newDir(), { ZHIKU_DEMO_CATALOG: 'off', ZHIKU_TEST_COLLECTIONS: 'humans' });
  cleanups.push(() => started.close());
  return started;
}

/** A concrete path for a route pattern: every parameter gets a well-formed id that names nothing. */
const concrete = (url: string) =>
  url
    .replace(':collection', 'notes')
    .replace(':orderId', 'ord_nothing00000')
    .replace(':poolId', 'pool_nothing0000')
    .replace(':sessionId', 'cs_test_local_nothing00000')
    .replace(':answer', 'accept')
    .replace(/:[A-Za-z]+/g, 'nothing-here');

describe('the authorization policy', () => {
  it('has an entry for every route the server registers and every replicated collection, and nothing else', async () => {
    const api = await server();
    const routes = routesOf(api.app).filter((route) => !route.startsWith('OPTIONS '));
    expect(routes.filter((route) => policyKeyOf(route.split(' ')[0]!, route.split(' ')[1]!) === undefined)).toEqual([]);
    expect(() => checkPolicyCoverage(routes, Object.keys(COLLECTION_RULES))).not.toThrow();
    const registered = new Set(routes.map((route) => policyKeyOf(route.split(' ')[0]!, route.split(' ')[1]!)));
    // No stale entries: a route removed from the server leaves the table too (Stripe's webhook exists only with Stripe).
    expect(Object.keys(ROUTE_POLICY).filter((key) => !registered.has(key))).toEqual([
      'POST /v1/payments/stripe/webhook',
    ]);
    expect(Object.keys(COLLECTION_POLICY).sort()).toEqual(Object.keys(COLLECTION_RULES).sort());
  });

  it('fails loudly on a gap: a route or a collection without an entry', async () => {
    expect(() => checkPolicyCoverage(['GET /v1/something-new'], [])).toThrow(PolicyGapError);
    expect(() => checkPolicyCoverage([], ['wallets'])).toThrow(/collection wallets/);
    const api = await server();
    // Registering a route the table does not know refuses, so such a server cannot start.
    const app = Fastify();
    installPolicy(app, api.context.auth);
    expect(() => app.get('/v1/unlisted', async () => ({}))).toThrow(
      /No authorization policy for route GET \/v1\/unlisted/,
    );
    expect(() => app.get('/v1/me', async () => ({}))).not.toThrow();
    await app.close();
  });

  it('gates every route by role before its handler runs: anonymous, learner, creator and admin get exactly what the table grants', async () => {
    const api = await server();
    const learner = await signUpAndIn(api, 'learner@example.com');
    const creator = await signUpAndIn(api, 'creator@example.com', { role: 'creator' });
    const roles: Record<'anonymous' | 'learner' | 'creator', Session | undefined> = {
      anonymous: undefined,
      learner,
      creator,
    };
    const refusedBy = (gate: ReturnType<typeof gateOf>): (keyof typeof roles)[] =>
      gate === 'none'
        ? []
        : gate === 'account'
          ? ['anonymous']
          : gate === 'creator'
            ? ['anonymous', 'learner']
            : ['anonymous', 'learner', 'creator'];
    let probed = 0;
    for (const [key, entry] of Object.entries(ROUTE_POLICY)) {
      const [method, url] = key.split(' ') as [string, string];
      if (key === 'POST /v1/payments/stripe/webhook' || key === 'GET /v1/sync/stream') continue;
      for (const who of refusedBy(gateOf(entry))) {
        const session = roles[who];
        const response = await fetch(`${api.url}${concrete(url)}`, {
          method,
          headers: {
            ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}),
            ...(method === 'GET' || method === 'HEAD' || method === 'DELETE'
              ? {}
              : { 'content-type': 'application/json' }),
          },
          ...(method === 'GET' || method === 'HEAD' || method === 'DELETE' ? {} : { body: '{}' }),
        });
        expect(response.status, `${who} → ${key}`).toBe(who === 'anonymous' ? 401 : 403);
        probed++;
      }
    }
    expect(probed).toBeGreaterThan(40);
  });

  it('lets no client write what only the server derives, and the server write nothing the table does not let it', async () => {
    const api = await server();
    const creator = await signUpAndIn(api, 'creator@example.com', { role: 'creator' });
    for (const [collection, entry] of Object.entries(COLLECTION_POLICY)) {
      if (entry.write.grants.length > 0) continue;
      const pushed = await api.call('POST', `/v1/sync/${collection}/push`, {
        token: creator.accessToken,
        body: [{ newDocumentState: { id: 'x', _deleted: false } }],
      });
      expect([400, 403], collection).toContain(pushed.status);
    }
    await expect(
      api.context.documents.writeAsServer(
        'notes',
        { id: 'n', _deleted: false },
        { ownerId: creator.userId, isPublic: false },
      ),
    ).rejects.toThrow(/policy does not let the server write notes/);
  });
});

describe('docs/security.md', () => {
  it('carries the policy table exactly as the code has it (npm run docs:policy regenerates it)', () => {
    const page = readFileSync(join(projectRoot, 'docs/security.md'), 'utf8');
    const table = /<!-- policy:start -->\n([\s\S]*?)\n<!-- policy:end -->/.exec(page)?.[1];
    expect(table).toBe(policyTableMarkdown());
  });
});

describe('relations: every role but the one the table names is refused, on each service path', () => {
  it('publishing, uploads, paid content, packs, organizations, seats, orders, refunds, invitations and live notices', async () => {
    const api = await startTestServer(newDir());
    cleanups.push(() => api.close());
    const who = {
      root: await signUpAndIn(api, 'root@example.com'),
      creator: await signUpAndIn(api, 'creator@example.com', { role: 'creator' }),
      otherCreator: await signUpAndIn(api, 'other-creator@example.com', { role: 'creator' }),
      learner: await signUpAndIn(api, 'learner@example.com'),
      otherLearner: await signUpAndIn(api, 'other@example.com'),
      orgAdmin: await signUpAndIn(api, 'org-admin@school.example'),
      manager: await signUpAndIn(api, 'manager@school.example'),
    };
    await api.context.auth.setRole(who.root.userId, 'admin');
    type Actor = keyof typeof who | 'anonymous';
    const actors: Actor[] = [
      'anonymous',
      'root',
      'creator',
      'otherCreator',
      'learner',
      'otherLearner',
      'orgAdmin',
      'manager',
    ];
    const call = (actor: Actor, method: string, path: string, body?: unknown) =>
      api.call(method, path, {
        ...(actor === 'anonymous' ? {} : { token: who[actor].accessToken }),
        ...(body === undefined ? {} : { body }),
      });

    // The subjects: a creator's published course and draft, an organization with its admin and an invitation, a pool, a pending order.
    await publishCourse(api, who.creator, 'owned-course', { lessonIds: ['owned-free', 'owned-paid'] });
    const lesson = {
      id: 'draft-l',
      kind: 'pdf',
      title: { zh: '讲义', en: 'Handout' },
      freePreview: false,
      durationSeconds: 60,
    };
    const draft = {
      ...sampleDocument('coursedrafts', who.creator.userId, 'draft'),
      sections: [{ id: 's', title: { zh: '一', en: 'One' }, lessonIds: [lesson.id] }],
      lessons: [lesson],
    };
    await call('creator', 'POST', '/v1/sync/coursedrafts/push', [{ newDocumentState: draft }]);
    const organizationId = (
      await api.call<{ provisioning: { organization: { id: string } } }>('POST', '/v1/admin/provisioning', {
        token: who.root.accessToken,
        body: { organization: { name: 'School' }, serverUrl: api.url, enrollment: { maxUses: 5 } },
      })
    ).body.provisioning.organization.id;
    await api.context.db.run(
      "INSERT INTO organization_members (organization_id, user_id, role, joined_at) VALUES (?, ?, 'admin', 0)",
      [organizationId, who.orgAdmin.userId],
    );
    await call('orgAdmin', 'POST', `/v1/organizations/${organizationId}/roster`, {
      csv: 'email,name\nlearner@example.com,Learner\n',
      dryRun: false,
    });
    const invitationId = (
      await api.call<{ invitations: { id: string }[] }>('GET', '/v1/organizations/invitations', {
        token: who.learner.accessToken,
      })
    ).body.invitations[0]!.id;
    const poolId = (
      await call('root', 'POST', '/v1/admin/seat-pools', {
        institution: 'School',
        managerId: who.manager.userId,
        courseId: 'owned-course',
        seats: 3,
      })
    ).body.poolId as string;
    const code = (
      (await call('manager', 'POST', `/v1/seat-pools/${poolId}/codes`, { count: 1, maxUses: 3 })).body.codes as string[]
    )[0]!;
    await call('otherLearner', 'POST', '/v1/redeem', { code });
    const orderId = (await call('learner', 'POST', '/v1/orders', { courseIds: ['owned-course'] })).body
      .orderId as string;
    const paidLesson = (
      await api.call<{ documents: { id: string; courseId: string; contentSha256: string; contentBytes: number }[] }>(
        'GET',
        '/v1/sync/lessons/pull?limit=100',
      )
    ).body.documents.find((l) => l.id === 'owned-paid')!;
    const manifest = {
      format: 'zhiku-pack',
      version: 1,
      createdAt: 1,
      serverUrl: api.url,
      courseIds: ['owned-course'],
      lessons: [
        {
          lessonId: paidLesson.id,
          courseId: paidLesson.courseId,
          file: `${'0'.repeat(32)}.zkp`,
          plainBytes: paidLesson.contentBytes,
          plainSha256: paidLesson.contentSha256,
          packedBytes: 1,
          packedSha256: 'b'.repeat(64),
        },
      ],
    };

    const paths: { what: string; allowed: Actor[]; run: (actor: Actor) => Promise<{ status: number }> }[] = [
      {
        what: 'publish (publish-service)',
        allowed: ['creator'],
        run: (a) => call(a, 'POST', '/v1/creator/courses/owned-course/publish', { draftRevision: 1 }),
      },
      {
        what: 'upload to a draft lesson (content-service)',
        allowed: ['creator'],
        run: (a) =>
          call(a, 'POST', '/v1/content/uploads', {
            lessonId: 'draft-l',
            courseId: 'course-draft',
            bytes: 10,
            sha256: 'a'.repeat(64),
            mime: 'application/pdf',
          }),
      },
      {
        what: 'read a paid lesson (content-service)',
        allowed: ['root', 'creator', 'otherLearner'],
        run: (a) =>
          fetch(`${api.url}/v1/content/lessons/owned-paid`, {
            method: 'HEAD',
            headers: a === 'anonymous' ? {} : { authorization: `Bearer ${who[a].accessToken}` },
          }),
      },
      {
        what: 'sign a pack (pack-service)',
        allowed: ['root', 'creator', 'otherLearner'],
        run: (a) => call(a, 'POST', '/v1/content/packs/sign', { manifest }),
      },
      {
        what: 'roster preview (organization-service)',
        allowed: ['root', 'orgAdmin'],
        run: (a) =>
          call(a, 'POST', `/v1/organizations/${organizationId}/roster`, {
            csv: 'email,name\nx@example.com,X\n',
            dryRun: true,
          }),
      },
      {
        what: 'members (organization-service)',
        allowed: ['root', 'orgAdmin'],
        run: (a) => call(a, 'GET', `/v1/organizations/${organizationId}/members`),
      },
      {
        what: 'accept an invitation (organization-service)',
        allowed: ['learner'],
        run: (a) =>
          call(a, 'GET', `/v1/organizations/invitations`).then(async (r) =>
            a === 'anonymous' ? r : (r.body.invitations as unknown[]).length > 0 ? { status: 200 } : { status: 404 },
          ),
      },
      {
        what: 'seat codes (institution-service)',
        allowed: ['root', 'manager'],
        run: (a) => call(a, 'POST', `/v1/seat-pools/${poolId}/codes`, { count: 1, maxUses: 1 }),
      },
      {
        what: 'cancel an order (order-service)',
        allowed: ['learner'],
        run: (a) =>
          call(a, 'GET', '/v1/sync/orders/pull').then((r) =>
            a === 'anonymous'
              ? r
              : (r.body.documents as { id: string }[]).some((o) => o.id === orderId)
                ? { status: 200 }
                : { status: 404 },
          ),
      },
      {
        what: 'refund (order-service)',
        allowed: ['root'],
        run: (a) =>
          call(a, 'POST', `/v1/admin/orders/${orderId}/refund`, { courseIds: ['owned-course'] }).then((r) =>
            r.status === 409 ? { status: 200 } : r,
          ),
      },
    ];
    for (const path of paths) {
      for (const actor of actors) {
        const { status } = await path.run(actor);
        if (path.allowed.includes(actor)) expect(status, `${actor} may: ${path.what}`).toBeLessThan(400);
        else expect([401, 403, 404], `${actor} refused: ${path.what}`).toContain(status);
      }
    }
    // The actions that change state, by everyone but their rightful actor, changed nothing.
    for (const actor of actors.filter((a) => a !== 'learner')) {
      expect([401, 404]).toContain((await call(actor, 'POST', `/v1/orders/${orderId}/cancel`)).status);
      expect([401, 404]).toContain(
        (await call(actor, 'POST', `/v1/organizations/invitations/${invitationId}/accept`)).status,
      );
    }
    for (const actor of actors.filter((a) => a !== 'manager' && a !== 'root')) {
      expect([401, 403, 404]).toContain(
        (
          await call(actor, 'POST', `/v1/seat-pools/${poolId}/reassign`, {
            fromUserId: who.otherLearner.userId,
            toUserId: who.learner.userId,
          })
        ).status,
      );
    }
    expect((await call('learner', 'POST', `/v1/orders/${orderId}/cancel`)).status).toBe(204);
    expect((await call('learner', 'POST', `/v1/organizations/invitations/${invitationId}/accept`)).status).toBe(200);
  });

  it('live notices (change-hub) reach only streams that may read what changed', async () => {
    const api = await startTestServer(newDir());
    cleanups.push(() => api.close());
    const writer = await signUpAndIn(api, 'writer@example.com');
    const watcher = await signUpAndIn(api, 'watcher@example.com');
    const events: string[] = [];
    const controller = new AbortController();
    const response = await fetch(`${api.url}/v1/sync/stream`, {
      headers: { authorization: `Bearer ${watcher.accessToken}` },
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const nextEvent = async () => {
      for (;;) {
        const { value }: { value?: Uint8Array } = await reader.read();
        const text = decoder.decode(value);
        const data = /^event: change\ndata: (.*)$/m.exec(text)?.[1];
        if (data) return data;
      }
    };
    expect(await reader.read().then((r) => decoder.decode(r.value))).toContain('RESYNC');
    // Another learner's note, then a public change: the watcher hears only the public one.
    await api.call('POST', '/v1/sync/notes/push', {
      token: writer.accessToken,
      body: [{ newDocumentState: sampleDocument('notes', writer.userId, 'private') }],
    });
    api.context.hub.publish([{ collection: 'reviews', ownerId: null, isPublic: true }]);
    events.push(await nextEvent());
    controller.abort();
    expect(events).toEqual([JSON.stringify({ collections: ['reviews'] })]);
  });
});
