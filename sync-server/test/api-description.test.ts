import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/helpers.js';
import { routesOf } from '../build-server.js';
import { API_OPERATIONS } from '../http/api-description.js';
import { deviceInfo, signUpAndIn, startTestServer, type TestServer } from './server-harness.js';

const newDir = useTempDirs();
const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

describe('the HTTP API description', () => {
  it('documents exactly the routes the server has', async () => {
    const api = await startTestServer(newDir());
    servers.push(api);
    const routes = new Set(routesOf(api.app));
    // This server runs the embedded test checkout: Stripe-only routes are absent by design.
    const documented = new Set(
      Object.entries(API_OPERATIONS)
        .filter(([, op]) => op.onlyWith !== 'stripe')
        .map(([key]) => key),
    );
    const implicitHead = (key: string) =>
      key.startsWith('HEAD ') && !documented.has(key) && routes.has(key.replace('HEAD', 'GET'));
    expect([...routes].filter((key) => !documented.has(key) && !implicitHead(key)).sort()).toEqual([]);
    expect([...documented].filter((key) => !routes.has(key)).sort()).toEqual([]);
  });

  it('is served as OpenAPI 3.1 with request schemas from the same zod schemas the routes use', async () => {
    const api = await startTestServer(newDir());
    servers.push(api);
    const { status, body } = await api.call<{
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>
      >;
    }>('GET', '/v1/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(body.paths['/v1/auth/register']?.post?.requestBody?.content['application/json']?.schema.required).toEqual(
      expect.arrayContaining(['email', 'password', 'displayName']),
    );
    expect(Object.keys(body.paths)).toContain('/v1/sync/{collection}/pull');
  });

  it('describes each answer with the schema the server actually answers in (the one the desktop core parses with)', async () => {
    const api = await startTestServer(newDir());
    servers.push(api);
    const learner = await signUpAndIn(api, 'answers@example.com', { role: 'creator' });
    const token = learner.accessToken;
    const checks: [key: string, path: string, body?: unknown][] = [
      ['GET /v1/me', '/v1/me'],
      ['GET /v1/devices', '/v1/devices'],
      ['GET /v1/keys', '/v1/keys'],
      ['GET /v1/organizations/mine', '/v1/organizations/mine'],
      ['GET /v1/seat-pools/mine', '/v1/seat-pools/mine'],
      ['GET /v1/organizations/invitations', '/v1/organizations/invitations'],
      ['GET /v1/creator/sales', '/v1/creator/sales'],
      ['GET /v1/creator/learners', '/v1/creator/learners'],
      ['GET /v1/sync/:collection/pull', '/v1/sync/courses/pull?seq=0&limit=5'],
      ['POST /v1/auth/refresh', '/v1/auth/refresh', { refreshToken: learner.refreshToken }],
      [
        'POST /v1/auth/login',
        '/v1/auth/login',
        { email: 'answers@example.com', password: 'correct horse battery', device: deviceInfo('Second') },
      ],
    ];
    for (const [key, path, body] of checks) {
      const schema = API_OPERATIONS[key]?.answer;
      expect(schema, key).toBeDefined();
      const [method] = key.split(' ') as ['GET' | 'POST'];
      const answer = await api.call(method, path, { token, ...(body === undefined ? {} : { body }) });
      expect(answer.status, key).toBeLessThan(300);
      const parsed = schema!.safeParse(answer.body);
      expect(parsed.success ? [] : parsed.error.issues, key).toEqual([]);
    }
  });
});
