import { useCleanups, useTempDirs } from '../../tests/helpers.js';
import { startTestServer, type Session, type TestServer } from './server-harness.js';

/** What the payment tests share (payments*.test.ts). Call `paymentsHarness()` at the top of a test file. */
export function paymentsHarness() {
  const newDir = useTempDirs();
  const cleanups = useCleanups();
  async function server(env: Record<string, string> = {}) {
    const started = await startTestServer(newDir(), env);
    cleanups.push(() => started.close());
    return started;
  }
  return { cleanups, server };
}

export type Order = { orderId: string; checkoutUrl: string; testMode: boolean };
export const order = (api: TestServer, session: Session, courseIds: string[]) =>
  api.call<Order & { error?: { code: string } }>('POST', '/v1/orders', {
    token: session.accessToken,
    body: { courseIds },
  });
export const entitlementsOf = async (api: TestServer, session: Session) =>
  (
    await api.call<{ documents: { courseId: string; source: string; orderId?: string }[] }>(
      'GET',
      '/v1/sync/entitlements/pull',
      { token: session.accessToken },
    )
  ).body.documents;
export const ordersOf = async (api: TestServer, session: Session) =>
  (
    await api.call<{ documents: { id: string; status: string }[] }>('GET', '/v1/sync/orders/pull', {
      token: session.accessToken,
    })
  ).body.documents;
export const contentStatus = (api: TestServer, session: Session, lessonId: string) =>
  fetch(`${api.url}/v1/content/lessons/${lessonId}`, {
    headers: { authorization: `Bearer ${session.accessToken}` },
  }).then((r) => r.status);
