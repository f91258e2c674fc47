import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors.js';
import { devicesResponseSchema } from '../../common/server-api/responses.js';
import { createServerApi } from './server-api.js';
import type { SessionManager } from './session/session-manager.js';

// A real HTTP server on loopback whose answers have the wrong shape, as an older or newer server's might.
const answers: Record<string, { status: number; body: string }> = {
  '/v1/devices': { status: 200, body: JSON.stringify({ devices: [{ id: 'dev_1', name: 'Laptop' }] }) },
  '/v1/not-json': { status: 200, body: '<html>proxy login</html>' },
  '/v1/good': {
    status: 200,
    body: JSON.stringify({
      devices: [{ id: 'd', name: 'n', platform: 'linux', createdAt: 1, lastSeenAt: 2, revokedAt: null, current: true }],
    }),
  },
  '/v1/keys': { status: 200, body: JSON.stringify({ active: 'k1' }) },
};
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    const answer = answers[request.url ?? ''] ?? { status: 404, body: '{"error":{"code":"NOT_FOUND","message":"no"}}' };
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function api() {
  // The session's part here is only to carry the call to the server; signing in is tested in session/.
  const session = { authorizedFetch: (path: string, init?: RequestInit) => fetch(new URL(path, base), init) };
  return createServerApi({ session: session as unknown as SessionManager, fetch, serverUrl: () => base });
}

describe('the core reading the server’s answers', () => {
  it('parses an answer of the expected shape', async () => {
    const { devices } = await api().get('/v1/good', devicesResponseSchema);
    expect(devices[0]?.platform).toBe('linux');
  });

  it('turns an answer of another shape into a clear SERVER_ERROR naming the call and the fields', async () => {
    const failure = await api()
      .get('/v1/devices', devicesResponseSchema)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('SERVER_ERROR');
    expect((failure as AppError).message).toContain('/v1/devices');
    expect((failure as AppError).issues?.join(' ')).toContain('devices.0.platform');
  });

  it('says so when the answer is not JSON at all (a captive portal, a proxy page)', async () => {
    await expect(api().get('/v1/not-json', devicesResponseSchema)).rejects.toMatchObject({
      code: 'SERVER_ERROR',
      message: expect.stringContaining('not JSON') as string,
    });
  });

  it('refuses a key set without keys rather than pinning nothing', async () => {
    await expect(api().keySet()).rejects.toMatchObject({ code: 'SERVER_ERROR' });
  });
});
