import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProvisioningStatus } from '../../../common/contract/provisioning.js';
import type { Settings } from '../../../common/settings.js';
import { useCleanups, useTempDirs } from '../../../tests/helpers.js';
import { postJson, restartableServer, spawnDevice, until } from '../sync/test/sync-harness.js';
import { provisioningLocations } from './provisioning-file.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

/** An administrator provisions an organization on the server; returns the signed file's JSON. */
async function provisioningFile(url: string) {
  const post = (path: string, body: unknown, token?: string) => postJson(url, path, body, token);
  await post('/v1/auth/register', {
    email: 'it@school.example',
    password: 'correct horse battery',
    displayName: 'IT',
    role: 'learner',
  });
  return post;
}

describe('a provisioned computer', () => {
  it('joins the organization by itself, shows and enforces locked settings, and refuses a changed file', async () => {
    const server = await restartableServer(newDir());
    cleanups.push(() => server.stop());
    const post = await provisioningFile(server.url);
    const login = (await (
      await post('/v1/auth/login', {
        email: 'it@school.example',
        password: 'correct horse battery',
        device: { installId: 'install-it-admin-0001', name: 'IT', platform: 'linux' },
      })
    ).json()) as {
      accessToken: string;
      user: { id: string };
    };
    await server.server.context.auth.setRole(login.user.id, 'admin');
    const signed = (await (
      await post(
        '/v1/admin/provisioning',
        {
          organization: { name: '北京第一中学' },
          serverUrl: server.url,
          enrollment: { maxUses: 100 },
          defaultLanguage: 'zh-CN',
          lockedSettings: { offlineGraceDays: 60, syncServerUrl: server.url },
        },
        login.accessToken,
      )
    ).json()) as { provisioning: { organization: { id: string } }; signature: string };
    const folder = newDir();
    const file = join(folder, 'provisioning.json');
    writeFileSync(file, JSON.stringify(signed));

    // The device starts with another server configured; the file sets it and locks it.
    const device = await spawnDevice(newDir(), 'http://127.0.0.1:9', 'Classroom laptop', {
      ZHIKU_PROVISIONING_FILE: file,
    });
    cleanups.push(() => device.close());
    const status = await until(async () => {
      const s = await device.call<ProvisioningStatus>('watchOnce', 'provisioning.watch', {});
      expect(s.state).toBe('applied');
      return s;
    });
    expect(status).toMatchObject({
      organization: { name: '北京第一中学' },
      membership: 'not-signed-in',
      updates: 'off',
    });
    expect([...status.locked].sort()).toEqual(['offlineGraceDays', 'syncServerUrl']);
    const settings = await device.call<Settings>('watchOnce', 'settings.watch', {});
    expect(settings).toMatchObject({ syncServerUrl: server.url, offlineGraceDays: 60, language: 'zh-CN' });
    // Locked settings cannot be changed through the API; others can.
    await expect(device.call('invoke', 'settings.update', { offlineGraceDays: 365 })).rejects.toThrow(
      /Locked by the institution: offlineGraceDays/,
    );
    await device.call('invoke', 'settings.update', { theme: 'dark' });
    expect(await device.call<Settings>('watchOnce', 'settings.watch', {})).toMatchObject({
      offlineGraceDays: 60,
      theme: 'dark',
    });

    // Whoever signs up on it becomes a member of the organization.
    await device.call('signUp', {
      email: 'kid@school.example',
      password: 'correct horse battery',
      displayName: '小明',
    });
    await until(async () =>
      expect((await device.call<ProvisioningStatus>('watchOnce', 'provisioning.watch', {})).membership).toBe('joined'),
    );
    // The recommender follows the server the file set (its snapshot arrives after the sync).
    await until(async () =>
      expect((await device.call<{ state: string }>('watchOnce', 'recommendations.watchStatus', {})).state).toBe(
        'ready',
      ),
    );
    const members = (await (
      await fetch(`${server.url}/v1/organizations/${signed.provisioning.organization.id}/members`, {
        headers: { authorization: `Bearer ${login.accessToken}` },
      })
    ).json()) as { members: { email: string }[] };
    expect(members.members.map((m) => m.email)).toEqual(['kid@school.example']);

    // A file changed after signing is refused, and nothing of it applies.
    const tampered = join(folder, 'tampered.json');
    writeFileSync(
      tampered,
      JSON.stringify({
        ...signed,
        provisioning: { ...signed.provisioning, lockedSettings: { offlineGraceDays: 365 } },
      }),
    );
    const other = await spawnDevice(newDir(), server.url, 'Tampered laptop', { ZHIKU_PROVISIONING_FILE: tampered });
    cleanups.push(() => other.close());
    const refused = await until(async () => {
      const s = await other.call<ProvisioningStatus>('watchOnce', 'provisioning.watch', {});
      expect(s.state).toBe('rejected');
      return s;
    });
    expect(refused.message).toMatch(/changed after it was signed/);
    expect(refused.locked).toEqual([]);
    expect((await other.call<Settings>('watchOnce', 'settings.watch', {})).offlineGraceDays).toBe(30);
  }, 90_000);

  it('looks where IT deploys the file on each system', () => {
    expect(
      provisioningLocations({
        platform: 'win32',
        env: { ProgramData: 'D:\\ProgramData' },
        resourcesDir: 'C:\\Program Files\\Zhiku\\resources',
      }),
    ).toEqual([
      join('D:\\ProgramData', 'Zhiku', 'provisioning.json'),
      join('C:\\Program Files\\Zhiku\\resources', 'provisioning', 'provisioning.json'),
    ]);
    expect(provisioningLocations({ platform: 'darwin', env: {}, explicit: '/tmp/p.json' })).toEqual([
      '/tmp/p.json',
      '/Library/Application Support/Zhiku/provisioning.json',
    ]);
    expect(provisioningLocations({ platform: 'linux', env: {} })).toEqual(['/etc/zhiku/provisioning.json']);
  });
});
