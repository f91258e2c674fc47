import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { API_OPERATIONS } from '../http/api-description.js';
import { useTempDirs } from '../../tests/helpers.js';
import { signUpAndIn, startTestServer, type TestServer } from './server-harness.js';

const newDir = useTempDirs();
let api: TestServer | undefined;
afterAll(async () => api?.close());

/** Everything a request could change, summed up: compared before and after each refused request. */
async function fingerprint(server: TestServer): Promise<string> {
  const rows = await Promise.all(
    [
      'users',
      'devices',
      'documents',
      'orders',
      'organizations',
      'organization_members',
      'enrollment_tokens',
      'seat_pools',
      'redeem_codes',
      'redemptions',
      'uploads',
      'sales',
    ].map(async (table) => {
      const row = await server.context.db
        .get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`)
        .catch(() => ({ n: -1 }));
      return `${table}=${row?.n}`;
    }),
  );
  const seq = await server.context.db.get<{ s: number | null }>('SELECT MAX(seq) AS s FROM documents');
  return `${rows.join(',')};seq=${seq?.s}`;
}

// Values that break naive code: huge, empty, nested, wrong types, injection and traversal strings.
const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '../../etc/passwd',
    '%00',
    "' OR 1=1 --",
    '<script>x</script>',
    '\u0000',
    '𠜎'.repeat(3),
    'a'.repeat(5000),
    '-1',
    'NaN',
    '1e309',
    '__proto__',
    'constructor',
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const body = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 6 }),
  fc.dictionary(
    fc.constantFrom(
      'email',
      'password',
      'displayName',
      'courseIds',
      'code',
      'token',
      'csv',
      'dryRun',
      'lessonIds',
      'manifest',
      'userId',
      'courseId',
      'count',
      'maxUses',
      'organization',
      'serverUrl',
      'enrollment',
      'fromUserId',
      'toUserId',
      'draftRevision',
      'role',
      'device',
      'refreshToken',
    ),
    nasty,
    { maxKeys: 6 },
  ),
);

/**
 * Every route of the API, fed malformed, oversized and out-of-range input by fast-check (with and
 * without a session): only clear 4xx errors (or a success), never a 5xx, a crash, or a change to
 * stored data when the request was refused.
 */
describe('hostile input to every HTTP endpoint', () => {
  it('gets clear 4xx answers and changes nothing it refuses', async () => {
    api = await startTestServer(newDir(), { ZHIKU_AUTH_RATE_LIMIT: '100000' });
    const session = await signUpAndIn(api, 'fuzz@example.com');
    const routes = Object.entries(API_OPERATIONS).filter(([, operation]) => operation.onlyWith !== 'stripe');
    let requests = 0;
    for (const [route] of routes) {
      const [method, template] = route.split(' ') as [string, string];
      await fc.assert(
        fc.asyncProperty(
          fc.array(nasty, { minLength: 4, maxLength: 4 }),
          body,
          fc.boolean(),
          fc.dictionary(fc.constantFrom('seq', 'limit', 'id', 'q'), nasty, { maxKeys: 3 }),
          async (params, payload, signedIn, query) => {
            let i = 0;
            const path = template.replace(/:[A-Za-z]+/g, () => encodeURIComponent(String(params[i++ % params.length])));
            const search = new URLSearchParams(
              Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
            ).toString();
            const before = await fingerprint(api!);
            const response = await fetch(`${api!.url}${path}${search ? `?${search}` : ''}`, {
              method,
              headers: {
                'content-type': 'application/json',
                ...(signedIn ? { authorization: `Bearer ${session.accessToken}` } : {}),
              },
              body: method === 'GET' || method === 'HEAD' ? undefined : JSON.stringify(payload),
            });
            requests++;
            // A live stream (server-sent events) stays open by design: its headers are the answer.
            if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
              await response.body?.cancel();
              expect(response.status).toBe(200);
              return;
            }
            const text = await response.text();
            expect(
              response.status,
              `${method} ${path.slice(0, 120)} → ${response.status} ${text.slice(0, 200)}`,
            ).toBeLessThan(500);
            if (response.status >= 400 && method !== 'HEAD') {
              expect(JSON.parse(text), `${method} ${path.slice(0, 120)}: ${text.slice(0, 300)}`).toMatchObject({
                error: { code: expect.any(String) as unknown, message: expect.any(String) as unknown },
              });
              expect(
                await fingerprint(api!),
                `${method} ${path.slice(0, 120)} was refused (${response.status}) but changed stored data`,
              ).toBe(before);
            }
          },
        ),
        { numRuns: 40, seed: 20261125, endOnFailure: true },
      );
    }
    // The server is still healthy afterwards.
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    expect(requests).toBeGreaterThanOrEqual(routes.length * 40);
    console.warn(`hostile input: ${requests} requests over ${routes.length} routes`);
  }, 240_000);
});
