import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/helpers.js';
import { signUpAndIn, startTestServer } from './server-harness.js';

const newDir = useTempDirs();

describe('an instance behind a load balancer', () => {
  it('is live and ready, then drains on shutdown: not ready, still serving, streams told to reconnect', async () => {
    const api = await startTestServer(newDir(), { ZHIKU_DRAIN_SECONDS: '1' });
    const session = await signUpAndIn(api, 'drain@example.com');
    expect(await (await fetch(`${api.url}/health/live`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);

    // A device's live stream.
    const stream = await fetch(`${api.url}/v1/sync/stream`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    const reader = stream.body!.getReader();
    let received = '';
    const readAll = (async () => {
      for (;;) {
        const chunk = (await reader.read()) as { value?: Uint8Array; done: boolean };
        if (chunk.done) return;
        received += new TextDecoder().decode(chunk.value);
      }
    })();

    const closing = api.close();
    // Draining: readiness fails at once, liveness and ordinary requests still work.
    const ready = await fetch(`${api.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'draining' });
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
    const pull = await fetch(`${api.url}/v1/sync/courses/pull?seq=0&limit=5`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(pull.status).toBe(200);

    await closing;
    await readAll;
    expect(received).toContain('event: RESYNC');
    expect(received).toMatch(/retry: \d+\nevent: reconnect\ndata: \{"retryAfterMs":\d+\}/);
    await expect(fetch(`${api.url}/health/live`)).rejects.toThrow();
  });

  it('does not let a stalled client hold shutdown open: in-flight work gets its grace, then the connection is closed', async () => {
    const api = await startTestServer(newDir(), { ZHIKU_SHUTDOWN_GRACE_SECONDS: '1' });
    // A request whose headers promise 1,000 bytes of body; only 10 ever arrive.
    const socket = connect(Number(new URL(api.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const socketClosed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(
      'POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email":"',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    const began = Date.now();
    await api.close();
    await socketClosed;
    expect(Date.now() - began).toBeGreaterThanOrEqual(900);
    expect(Date.now() - began).toBeLessThan(5000);
  });
});
