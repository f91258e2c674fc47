import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../../../common/contract/session.js';
import { useCleanups, useTempDirs } from '../../../../tests/helpers.js';
import { eventually, restartableServer, spawnDevice } from './sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

describe('the session of a device', () => {
  it('ends cleanly when the device is revoked elsewhere, keeping its private data', async () => {
    const server = await restartableServer(newDir());
    cleanups.push(() => server.stop());
    const laptop = await spawnDevice(newDir(), server.url, 'Laptop');
    cleanups.push(() => laptop.close());
    await laptop.call('signUp', { email: 'revoke@example.com', password: 'correct horse battery', displayName: 'R' });
    const userId = await laptop.call<string>('userId');
    await laptop.call('insert', 'notes', {
      id: 'mine',
      userId,
      courseId: 'c',
      lessonId: 'l',
      kind: 'note',
      anchor: { type: 'text', start: 0 },
      body: '我的笔记',
      createdAt: 1,
      updatedAt: 1,
    });
    await laptop.call('awaitInSync');

    // From another device, the learner signs the laptop out.
    const login = await fetch(`${server.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'revoke@example.com',
        password: 'correct horse battery',
        device: { installId: 'phone-install-00000001', name: 'Phone', platform: 'linux' },
      }),
    }).then((r) => r.json() as Promise<{ accessToken: string }>);
    const devices = await fetch(`${server.url}/v1/devices`, {
      headers: { authorization: `Bearer ${login.accessToken}` },
    }).then((r) => r.json() as Promise<{ devices: { id: string; name: string }[] }>);
    const laptopId = devices.devices.find((d) => d.name === 'Laptop')!.id;
    expect(
      (
        await fetch(`${server.url}/v1/devices/${laptopId}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${login.accessToken}` },
        })
      ).status,
    ).toBe(204);

    // The laptop notices on its next request and is signed out, saying why.
    await laptop.call('insert', 'notes', {
      id: 'after',
      userId,
      courseId: 'c',
      lessonId: 'l',
      kind: 'note',
      anchor: { type: 'text', start: 0 },
      body: '撤销后写的',
      createdAt: 2,
      updatedAt: 2,
    });
    await eventually(async () => (await laptop.call<SessionState>('session')).status === 'signed-out');
    expect(await laptop.call<SessionState>('session')).toEqual({ status: 'signed-out', reason: 'revoked' });
    // Nothing the learner wrote is thrown away.
    expect((await laptop.call<{ id: string }[]>('find', 'notes')).map((n) => n.id).sort()).toEqual(['after', 'mine']);
  }, 60_000);

  it('signs in with a clear error for a wrong password, and signs out', async () => {
    const server = await restartableServer(newDir());
    cleanups.push(() => server.stop());
    const laptop = await spawnDevice(newDir(), server.url, 'Laptop');
    cleanups.push(() => laptop.close());
    await laptop.call('signUp', { email: 'who@example.com', password: 'correct horse battery', displayName: 'W' });
    await laptop.call('signOut');
    await expect(laptop.call('signIn', { email: 'who@example.com', password: 'wrong password!!' })).rejects.toThrow(
      /INVALID_CREDENTIALS/,
    );
    expect(
      await laptop.call<SessionState>('signIn', { email: 'who@example.com', password: 'correct horse battery' }),
    ).toMatchObject({ status: 'signed-in', user: { email: 'who@example.com' } });
  }, 60_000);
});
