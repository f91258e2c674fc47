import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/helpers.js';
import { routesOf } from '../build-server.js';
import { API_OPERATIONS } from '../http/api-description.js';
import { startTestServer, type TestServer } from './server-harness.js';

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
});
