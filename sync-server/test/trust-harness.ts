import { useCleanups, useTempDirs } from '../../tests/helpers.js';
import { deviceInfo, signUpAndIn, startTestServer, type Session, type TestServer } from './server-harness.js';

/**
 * What the trust-boundary regression tests share (trust-boundaries.*.test.ts): a server per
 * test, an administrator, signing in, reading a lesson, a learner's entitlements, buying.
 * Call `trustHarness()` at the top of a test file: it registers that file's cleanups.
 */
export const PASSWORD = 'correct horse battery';

export function trustHarness() {
  const newDir = useTempDirs();
  const cleanups = useCleanups();
  async function server(env: Record<string, string> = {}, dataDir = newDir()) {
    const started = await startTestServer(dataDir, env);
    cleanups.push(() => started.close());
    return started;
  }
  return { newDir, cleanups, server };
}

export async function admin(api: TestServer, email = 'root@example.com'): Promise<Session> {
  const session = await signUpAndIn(api, email);
  await api.context.auth.setRole(session.userId, 'admin');
  return session;
}

export const login = (api: TestServer, email: string, password: string) =>
  api.call<{ accessToken: string }>('POST', '/v1/auth/login', { body: { email, password, device: deviceInfo() } });

export const lessonStatus = (api: TestServer, lessonId: string, token?: string) =>
  fetch(
    `${api.url}/v1/content/lessons/${lessonId}`,
    token ? { headers: { authorization: `Bearer ${token}` } } : {},
  ).then(async (r) => ({ status: r.status, text: await r.text() }));

export const entitlementsOf = async (api: TestServer, session: Session) =>
  (
    await api.call<{ documents: { courseId: string; source: string; revokedAt?: number }[] }>(
      'GET',
      '/v1/sync/entitlements/pull',
      { token: session.accessToken },
    )
  ).body.documents;

export const buy = async (api: TestServer, session: Session, courseIds: string[], couponCode?: string) => {
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
