import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/helpers.js';
import {
  BACKENDS,
  backendEnv,
  deviceInfo,
  signUpAndIn,
  startTestServer,
  stopSharedPostgres,
  type TestServer,
} from './server-harness.js';

afterAll(stopSharedPostgres, 60_000);

describe.each(BACKENDS)('on %s', (backend) => {
  const newDir = useTempDirs();
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  async function server(env: Record<string, string> = {}, options: { now?: () => number } = {}, dataDir = newDir()) {
    const started = await startTestServer(dataDir, { ...(await backendEnv(backend)), ...env }, options);
    servers.push(started);
    return started;
  }
  const PASSWORD = 'correct horse battery';

  describe('the account lifecycle', () => {
    it('keeps a small profile picture whose bytes are what its type says, and removes it on request', async () => {
      const api = await server();
      const { accessToken: token } = await signUpAndIn(api, 'avatar@example.com');
      const png =
        'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
      const set = await api.call<{ user: { avatar: string | null } }>('PATCH', '/v1/me', {
        token,
        body: { avatar: png },
      });
      expect(set).toMatchObject({ status: 200, body: { user: { avatar: png } } });
      const refused = [
        png.replace('image/png', 'image/webp'), // PNG bytes called WebP
        'https://example.com/me.png', // not a picture we hold
        'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=', // SVG can carry script
        `data:image/png;base64,iVBORw0KGgo${'A'.repeat(90_000)}`, // too large
      ];
      for (const avatar of refused)
        expect((await api.call('PATCH', '/v1/me', { token, body: { avatar } })).status, avatar.slice(0, 30)).toBe(400);
      expect((await api.call<{ user: { avatar: string } }>('GET', '/v1/me', { token })).body.user.avatar).toBe(png);
      const removed = await api.call<{ user: { avatar: null } }>('PATCH', '/v1/me', { token, body: { avatar: null } });
      expect(removed.body.user.avatar).toBeNull();
    });

    it('registers, signs in, reads and edits the profile, changes the password, signs out', async () => {
      const api = await server();
      const registered = await api.call('POST', '/v1/auth/register', {
        body: { email: ' Lin@Example.com ', password: PASSWORD, displayName: '林晓', role: 'creator' },
      });
      expect(registered).toMatchObject({ status: 202, body: { status: 'accepted' } });

      const device = deviceInfo('林的笔记本');
      const login = await api.call<{
        accessToken: string;
        refreshToken: string;
        user: { id: string };
        device: { name: string; current: boolean };
      }>('POST', '/v1/auth/login', {
        body: { email: 'lin@example.com', password: PASSWORD, device },
      });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ email: 'lin@example.com', displayName: '林晓', role: 'creator' });
      expect(login.body.device).toMatchObject({ name: '林的笔记本', current: true });
      const token = login.body.accessToken;

      expect((await api.call('GET', '/v1/me', { token })).body).toMatchObject({ user: { displayName: '林晓' } });
      expect((await api.call('PATCH', '/v1/me', { token, body: { displayName: 'Lin Xiao' } })).body).toMatchObject({
        user: { displayName: 'Lin Xiao' },
      });

      expect(
        (
          await api.call('POST', '/v1/me/password', {
            token,
            body: { currentPassword: 'wrong password!', newPassword: 'a brand new passphrase' },
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await api.call('POST', '/v1/me/password', {
            token,
            body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
          })
        ).status,
      ).toBe(204);
      expect(
        (await api.call('POST', '/v1/auth/login', { body: { email: 'lin@example.com', password: PASSWORD, device } }))
          .status,
      ).toBe(401);
      expect(
        (
          await api.call('POST', '/v1/auth/login', {
            body: { email: 'lin@example.com', password: 'a brand new passphrase', device },
          })
        ).status,
      ).toBe(200);

      expect(
        (await api.call('POST', '/v1/auth/logout', { token, body: { refreshToken: login.body.refreshToken } })).status,
      ).toBe(204);
      expect(
        (await api.call('POST', '/v1/auth/refresh', { body: { refreshToken: login.body.refreshToken } })).body,
      ).toMatchObject({ error: { code: 'UNAUTHORIZED' } });

      const stored = await api.context.db.get<{ password_hash: string }>('SELECT password_hash FROM users');
      expect(stored?.password_hash.startsWith('$argon2id$')).toBe(true);
    });

    it('refuses bad registrations with clear errors and stores nothing', async () => {
      const api = await server();
      const cases: [unknown, string][] = [
        [{ email: 'not-an-email', password: PASSWORD, displayName: 'x' }, 'email'],
        [{ email: 'a@example.com', password: 'short', displayName: 'x' }, 'password'],
        [{ email: 'a@example.com', password: PASSWORD, displayName: '' }, 'displayName'],
        [{ email: 'a@example.com', password: PASSWORD, displayName: 'x', role: 'admin' }, 'role'],
        [{ email: 'a@example.com', password: PASSWORD, displayName: 'x', isAdmin: true }, 'isAdmin'],
        [{ email: 42, password: [], displayName: {} }, 'email'],
        ['just a string', '(body)'],
      ];
      for (const [body, field] of cases) {
        const result = await api.call<{ error: { code: string; details: string[] } }>('POST', '/v1/auth/register', {
          body,
        });
        expect(result.status, JSON.stringify(body)).toBe(400);
        expect(result.body.error.code).toBe('INVALID_INPUT');
        expect(result.body.error.details.join(' ')).toContain(field);
      }
      expect(
        (await api.call('POST', '/v1/auth/register', { rawBody: '{"email": "a@example.com",' })).body,
      ).toMatchObject({ error: { code: 'INVALID_INPUT' } });
      expect(
        (
          await api.call('POST', '/v1/auth/register', {
            rawBody: JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(2_000_000), displayName: 'x' }),
          })
        ).status,
      ).toBe(413);
      expect(await api.context.db.get('SELECT COUNT(*) AS n FROM users')).toEqual({ n: 0 });

      // A taken address gets exactly the answer a free one gets, and the account is not touched.
      const fresh = await api.call('POST', '/v1/auth/register', {
        body: { email: 'a@example.com', password: PASSWORD, displayName: 'A' },
      });
      const taken = await api.call('POST', '/v1/auth/register', {
        body: { email: 'A@EXAMPLE.COM', password: 'another password entirely', displayName: 'B' },
      });
      expect(fresh.status).toBe(202);
      expect(taken).toEqual(fresh);
      expect(await api.context.db.get('SELECT display_name FROM users')).toEqual({ display_name: 'A' });
      expect(
        (
          await api.call('POST', '/v1/auth/login', {
            body: { email: 'a@example.com', password: 'another password entirely', device: deviceInfo() },
          })
        ).status,
      ).toBe(401);
    });

    it('answers a wrong password and an unknown email the same way', async () => {
      const api = await server();
      await signUpAndIn(api, 'known@example.com');
      const wrong = await api.call('POST', '/v1/auth/login', {
        body: { email: 'known@example.com', password: 'not the password', device: deviceInfo() },
      });
      const unknown = await api.call('POST', '/v1/auth/login', {
        body: { email: 'nobody@example.com', password: 'not the password', device: deviceInfo() },
      });
      expect(wrong).toEqual(unknown);
      expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'INVALID_CREDENTIALS' } } });
    });
  });

  describe('sessions', () => {
    it('rotate refresh tokens, and reusing a rotated one ends the whole family', async () => {
      const api = await server();
      const session = await signUpAndIn(api, 'rotate@example.com');
      const first = await api.call<{ refreshToken: string; accessToken: string }>('POST', '/v1/auth/refresh', {
        body: { refreshToken: session.refreshToken },
      });
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(session.refreshToken);
      const second = await api.call<{ refreshToken: string }>('POST', '/v1/auth/refresh', {
        body: { refreshToken: first.body.refreshToken },
      });
      expect(second.status).toBe(200);

      // The first token leaks and is replayed: the family ends, including the newest token.
      expect(
        (await api.call('POST', '/v1/auth/refresh', { body: { refreshToken: session.refreshToken } })).body,
      ).toMatchObject({ error: { code: 'TOKEN_REUSED' } });
      expect(
        (await api.call('POST', '/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } })).status,
      ).toBe(401);
      // Another session of the same user on another device is unaffected.
      const other = await api.call('POST', '/v1/auth/login', {
        body: { email: 'rotate@example.com', password: PASSWORD, device: deviceInfo() },
      });
      expect(other.status).toBe(200);
    });

    it('expire access tokens after 15 minutes', async () => {
      let clock = Date.parse('2026-11-24T10:00:00Z');
      const api = await server({}, { now: () => clock });
      const session = await signUpAndIn(api, 'clock@example.com');
      expect((await api.call('GET', '/v1/me', { token: session.accessToken })).status).toBe(200);
      clock += 16 * 60_000;
      expect((await api.call('GET', '/v1/me', { token: session.accessToken })).status).toBe(401);
      expect(
        (await api.call('POST', '/v1/auth/refresh', { body: { refreshToken: session.refreshToken } })).status,
      ).toBe(200);
    });

    it('refuse forged and tampered tokens', async () => {
      const api = await server();
      const session = await signUpAndIn(api, 'forge@example.com');
      const [header, payload, signature] = session.accessToken.split('.');
      const elevated = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin' }),
      ).toString('base64url');
      for (const token of [
        `${header}.${elevated}.${signature}`,
        `${header}.${payload}.`,
        'garbage',
        `eyJhbGciOiJub25lIn0.${payload}.`,
      ]) {
        expect((await api.call('GET', '/v1/me', { token })).status).toBe(401);
      }
      expect((await api.call('GET', '/v1/me')).status).toBe(401);
    });

    it('rate-limit sign-in attempts per client', async () => {
      const api = await server({ ZHIKU_AUTH_RATE_LIMIT: '3' });
      const attempt = () =>
        api.call('POST', '/v1/auth/login', {
          body: { email: 'x@example.com', password: 'whatever it is', device: deviceInfo() },
        });
      expect([(await attempt()).status, (await attempt()).status, (await attempt()).status]).toEqual([401, 401, 401]);
      expect(await attempt()).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
    });
  });

  describe('devices', () => {
    it('are listed, limited per account, and revocable, which signs that device out', async () => {
      const api = await server({ ZHIKU_MAX_DEVICES: '2' });
      const laptop = await signUpAndIn(api, 'devices@example.com', { device: deviceInfo('Laptop') });
      const login = (name: string) =>
        api.call<{
          accessToken: string;
          refreshToken: string;
          device: { id: string };
          error: { code: string; details: { devices: unknown[] } };
        }>('POST', '/v1/auth/login', {
          body: { email: 'devices@example.com', password: PASSWORD, device: deviceInfo(name) },
        });
      const desktop = await login('Desktop');
      expect(desktop.status).toBe(200);
      const third = await login('Tablet');
      expect(third.status).toBe(409);
      expect(third.body.error.code).toBe('DEVICE_LIMIT');
      expect(third.body.error.details.devices).toHaveLength(2);

      const list = await api.call<{ devices: { id: string; name: string; current: boolean }[] }>('GET', '/v1/devices', {
        token: laptop.accessToken,
      });
      expect(list.body.devices.map((d) => [d.name, d.current])).toEqual(
        expect.arrayContaining([
          ['Laptop', true],
          ['Desktop', false],
        ]),
      );

      expect(
        (await api.call('DELETE', `/v1/devices/${desktop.body.device.id}`, { token: laptop.accessToken })).status,
      ).toBe(204);
      expect((await api.call('GET', '/v1/me', { token: desktop.body.accessToken })).body).toMatchObject({
        error: { code: 'DEVICE_REVOKED' },
      });
      expect(
        (await api.call('POST', '/v1/auth/refresh', { body: { refreshToken: desktop.body.refreshToken } })).status,
      ).toBe(401);
      expect((await login('Tablet')).status).toBe(200);
    });

    it('cannot be revoked by another user', async () => {
      const api = await server();
      const alice = await signUpAndIn(api, 'alice@example.com');
      const mallory = await signUpAndIn(api, 'mallory@example.com');
      expect((await api.call('DELETE', `/v1/devices/${alice.deviceId}`, { token: mallory.accessToken })).status).toBe(
        404,
      );
      expect((await api.call('DELETE', '/v1/devices/../../etc', { token: mallory.accessToken })).status).toBe(404);
      expect((await api.call('GET', '/v1/me', { token: alice.accessToken })).status).toBe(200);
    });
  });
});
