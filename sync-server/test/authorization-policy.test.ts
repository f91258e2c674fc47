import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, useCleanups, useTempDirs } from '../../tests/helpers.js';
import { policyTableMarkdown } from '../policy/policy-table.js';
import { routesOf } from '../build-server.js';
import { COLLECTION_RULES } from '../replication/collection-rules.js';
import Fastify from 'fastify';
import { checkPolicyCoverage, COLLECTION_POLICY, gateOf, policyKeyOf, PolicyGapError, ROUTE_POLICY } from '../policy/authorization-policy.js';
import { installPolicy } from '../policy/install-policy.js';
import { signUpAndIn, startTestServer, type Session } from './server-harness.js';

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
    expect(Object.keys(ROUTE_POLICY).filter((key) => !registered.has(key))).toEqual(['POST /v1/payments/stripe/webhook']);
    expect(Object.keys(COLLECTION_POLICY).sort()).toEqual(Object.keys(COLLECTION_RULES).sort());
  });

  it('fails loudly on a gap: a route or a collection without an entry', async () => {
    expect(() => checkPolicyCoverage(['GET /v1/something-new'], [])).toThrow(PolicyGapError);
    expect(() => checkPolicyCoverage([], ['wallets'])).toThrow(/collection wallets/);
    const api = await server();
    // Registering a route the table does not know refuses, so such a server cannot start.
    const app = Fastify();
    installPolicy(app, api.context.auth);
    expect(() => app.get('/v1/unlisted', async () => ({}))).toThrow(/No authorization policy for route GET \/v1\/unlisted/);
    expect(() => app.get('/v1/me', async () => ({}))).not.toThrow();
    await app.close();
  });

  it('gates every route by role before its handler runs: anonymous, learner, creator and admin get exactly what the table grants', async () => {
    const api = await server();
    const learner = await signUpAndIn(api, 'learner@example.com');
    const creator = await signUpAndIn(api, 'creator@example.com', { role: 'creator' });
    const roles: Record<'anonymous' | 'learner' | 'creator', Session | undefined> = { anonymous: undefined, learner, creator };
    const refusedBy = (gate: ReturnType<typeof gateOf>): (keyof typeof roles)[] =>
      gate === 'none' ? [] : gate === 'account' ? ['anonymous'] : gate === 'creator' ? ['anonymous', 'learner'] : ['anonymous', 'learner', 'creator'];
    let probed = 0;
    for (const [key, entry] of Object.entries(ROUTE_POLICY)) {
      const [method, url] = key.split(' ') as [string, string];
      if (key === 'POST /v1/payments/stripe/webhook' || key === 'GET /v1/sync/stream') continue;
      for (const who of refusedBy(gateOf(entry))) {
        const session = roles[who];
        const response = await fetch(`${api.url}${concrete(url)}`, {
          method,
          headers: { ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}), ...(method === 'GET' || method === 'HEAD' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
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
      const pushed = await api.call('POST', `/v1/sync/${collection}/push`, { token: creator.accessToken, body: [{ newDocumentState: { id: 'x', _deleted: false } }] });
      expect([400, 403], collection).toContain(pushed.status);
    }
    await expect(api.context.documents.writeAsServer('notes', { id: 'n', _deleted: false }, { ownerId: creator.userId, isPublic: false })).rejects.toThrow(/policy does not let the server write notes/);
  });
});

describe('docs/security.md', () => {
  it('carries the policy table exactly as the code has it (npm run docs:policy regenerates it)', () => {
    const page = readFileSync(join(projectRoot, 'docs/security.md'), 'utf8');
    const table = /<!-- policy:start -->\n([\s\S]*?)\n<!-- policy:end -->/.exec(page)?.[1];
    expect(table).toBe(policyTableMarkdown());
  });
});
