import { expect, test } from './support/fixtures.ts';

/** Requests a browser page or another local process could make without the launch secret. */
test.describe('the core host refuses anyone without the launch secret', () => {
  test('HTTP API calls without or with a wrong secret get 401 and change nothing', async ({ launchCore }) => {
    const host = await launchCore();
    const secret = new URL(host.launchUrl).hash.slice('#secret='.length);
    const call = (name: string, body: object, authorization?: string) =>
      fetch(`${host.origin}/api/invoke/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(body),
      });

    const anonymous = await call('settings.update', { language: 'zh-CN' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect((await call('settings.update', { language: 'zh-CN' }, 'Bearer wrong-secret')).status).toBe(401);
    expect((await call('settings.update', { language: 'zh-CN' }, `Basic ${secret}`)).status).toBe(401);

    const settings = await (await call('settings.get', {}, `Bearer ${secret}`)).json();
    expect(settings).toMatchObject({ ok: true, value: { language: 'system' } });
  });

  test('WebSocket handshakes without the secret or from another origin are refused', async ({ launchCore }) => {
    const host = await launchCore();
    const secret = new URL(host.launchUrl).hash.slice('#secret='.length);
    const socketUrl = `${host.origin.replace('http', 'ws')}/api/socket`;
    const outcome = (protocols: string[], headers?: Record<string, string>) =>
      new Promise<'open' | 'refused'>((resolve) => {
        // Node's WebSocket cannot set Origin; the `ws` client can.
        void import('ws').then(({ WebSocket }) => {
          const socket = new WebSocket(socketUrl, protocols, { headers });
          socket.on('open', () => {
            socket.close();
            resolve('open');
          });
          socket.on('error', () => resolve('refused'));
        });
      });
    expect(await outcome(['zhiku.v1'])).toBe('refused');
    expect(await outcome(['zhiku.v1', 'zhiku-secret.wrong'])).toBe('refused');
    expect(await outcome(['zhiku.v1', `zhiku-secret.${secret}`], { origin: 'https://evil.example' })).toBe('refused');
    expect(await outcome(['zhiku.v1', `zhiku-secret.${secret}`], { origin: host.origin })).toBe('open');
  });

  test('a request naming another host (DNS rebinding) is refused', async ({ launchCore }) => {
    const host = await launchCore();
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve) => {
      const req = request(`${host.origin}/`, { headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.end();
    });
    expect(status).toBe(403);
  });
});
