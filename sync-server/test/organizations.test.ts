import { createPublicKey, verify } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { signedTextWithKey, splitSignature } from '../../common/entitlement-payload.js';
import { provisioningSignedText, type Provisioning } from '../../common/provisioning.js';
import { useTempDirs } from '../../tests/helpers.js';
import {
  BACKENDS,
  backendEnv,
  deviceInfo,
  signUpAndIn,
  startTestServer,
  stopSharedPostgres,
  type Session,
  type TestServer,
} from './server-harness.js';

afterAll(stopSharedPostgres, 60_000);

describe.each(BACKENDS)('institutions on %s', (backend) => {
  const newDir = useTempDirs();
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  async function setUp() {
    const api = await startTestServer(newDir(), await backendEnv(backend));
    servers.push(api);
    const boss = await signUpAndIn(api, 'it@school.example');
    await api.context.auth.setRole(boss.userId, 'admin');
    return { api, boss };
  }
  const provision = (api: TestServer, boss: Session, body: Record<string, unknown> = {}) =>
    api.call<{ provisioning: Provisioning; signature: string }>('POST', '/v1/admin/provisioning', {
      token: boss.accessToken,
      body: {
        organization: { name: '北京第一中学' },
        serverUrl: api.url,
        enrollment: { maxUses: 2 },
        defaultLanguage: 'zh-CN',
        lockedSettings: { syncServerUrl: api.url, offlineGraceDays: 60 },
        ...body,
      },
    });

  it('sign provisioning files with the server’s key, so that a changed file no longer verifies', async () => {
    const { api, boss } = await setUp();
    const file = await provision(api, boss);
    expect(file.status).toBe(201);
    expect(file.body.provisioning).toMatchObject({
      format: 'zhiku-provisioning',
      organization: { name: '北京第一中学' },
      lockedSettings: { offlineGraceDays: 60 },
      updates: 'off',
    });
    const pem = await (await fetch(`${api.url}/v1/keys/entitlements`)).text();
    // The signature names its key; the text it covers starts with that id.
    const { keyId, value } = splitSignature(file.body.signature);
    expect(keyId).toMatch(/^k[0-9a-f]{16}$/);
    const check = (provisioning: unknown) =>
      verify(
        null,
        Buffer.from(signedTextWithKey(provisioningSignedText(provisioning), keyId)),
        createPublicKey(pem),
        Buffer.from(value, 'base64url'),
      );
    expect(check(file.body.provisioning)).toBe(true);
    expect(check({ ...file.body.provisioning, lockedSettings: { offlineGraceDays: 365 } })).toBe(false);
    // Only administrators provision, and bad input is refused with the field named.
    const learner = await signUpAndIn(api, 'kid@school.example');
    expect((await api.call('POST', '/v1/admin/provisioning', { token: learner.accessToken, body: {} })).status).toBe(
      403,
    );
    const bad = await provision(api, boss, { lockedSettings: { theme: 'purple' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('theme');
  });

  it('let learners join with the token once each, never beyond its uses, even when they race', async () => {
    const { api, boss } = await setUp();
    const token = (await provision(api, boss, { enrollment: { maxUses: 3 } })).body.provisioning.enrollmentToken!;
    const learners = await Promise.all(
      Array.from({ length: 6 }, (_, i) => signUpAndIn(api, `s${i}@school.example`, { device: deviceInfo() })),
    );
    const answers = await Promise.all(
      learners.map((l) => api.call('POST', '/v1/organizations/join', { token: l.accessToken, body: { token } })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(3);
    // Joining again is harmless and uses nothing.
    const joined = learners[answers.findIndex((a) => a.status === 200)]!;
    expect(
      (await api.call('POST', '/v1/organizations/join', { token: joined.accessToken, body: { token } })).status,
    ).toBe(200);
    expect(
      (await api.call('POST', '/v1/organizations/join', { token: joined.accessToken, body: { token: 'x'.repeat(32) } }))
        .status,
    ).toBe(404);
    const expired = (await provision(api, boss, { enrollment: { maxUses: 5, expiresAt: Date.now() - 1000 } })).body
      .provisioning.enrollmentToken!;
    expect(
      (await api.call('POST', '/v1/organizations/join', { token: learners[5]!.accessToken, body: { token: expired } }))
        .status,
    ).toBe(400);
  });

  it('import a roster: a preview names every bad line, a file with problems imports nothing, a good one imports thousands at once', async () => {
    const { api, boss } = await setUp();
    const organizationId = (await provision(api, boss)).body.provisioning.organization.id;
    const existing = await signUpAndIn(api, 'existing@school.example');
    const roster = (text: string, dryRun: boolean) =>
      api.call<{
        rows: { line: number; email: string; status: string }[];
        problems: { line: number; message: string }[];
      }>('POST', `/v1/organizations/${organizationId}/roster`, {
        token: boss.accessToken,
        body: { csv: text, dryRun },
      });
    const messy =
      '\uFEFF邮箱,姓名,角色\r\nwang@school.example,王小明,学员\r\nnot-an-email,李四,\r\nWANG@school.example,王小明,\r\n"zhao@school.example","赵,六",admin\r\nqian@school.example,,\r\nsun@school.example,孙七,teacher\r\nexisting@school.example,老用户,\r\nzhou@school.example,周八\r\n';
    const preview = await roster(messy, true);
    expect(preview.status).toBe(200);
    expect(preview.body.problems.map((p) => p.line)).toEqual([3, 4, 6, 7, 9]);
    expect(preview.body.problems[1]!.message).toContain('line 2');
    // Whether an address already has an account is not the organization's to know: every new line is an invitation.
    expect(preview.body.rows.map((r) => [r.email, r.status])).toEqual([
      ['wang@school.example', 'to-invite'],
      ['zhao@school.example', 'to-invite'],
      ['existing@school.example', 'to-invite'],
    ]);
    const refused = await roster(messy, false);
    expect(refused.status).toBe(400);
    const membersBefore = await api.call<{ members: unknown[] }>('GET', `/v1/organizations/${organizationId}/members`, {
      token: boss.accessToken,
    });
    expect(membersBefore.body.members).toHaveLength(0);

    const lines = [
      'email,name',
      'existing@school.example,Old account',
      ...Array.from({ length: 3000 }, (_, i) => `learner${i}@school.example,Learner ${i}`),
    ];
    const imported = await roster(lines.join('\n'), false);
    expect(imported.status).toBe(200);
    expect(imported.body.rows).toHaveLength(3001);
    type Listed = { members: { email: string; needsPassword: boolean; lastSyncedAt: number | null; status: string }[] };
    const members = await api.call<Listed>('GET', `/v1/organizations/${organizationId}/members`, {
      token: boss.accessToken,
    });
    expect(members.body.members).toHaveLength(3001);
    // An existing account and a new address look alike to the organization until the person acts.
    const { email: _existingEmail, ...existingRow } = members.body.members.find(
      (m) => m.email === 'existing@school.example',
    )!;
    const { email: _newEmail, ...newRow } = members.body.members.find((m) => m.email === 'learner7@school.example')!;
    expect(existingRow).toMatchObject({ needsPassword: true, lastSyncedAt: null, status: 'invited' });
    expect(Object.keys(existingRow).sort()).toEqual(Object.keys(newRow).sort());
    expect(newRow).toMatchObject({ needsPassword: true, lastSyncedAt: null, status: 'invited' });
    // The person with an account joins by accepting, from their own account.
    const invitations = await api.call<{ invitations: { id: string; organization: { id: string } }[] }>(
      'GET',
      '/v1/organizations/invitations',
      { token: existing.accessToken },
    );
    expect(invitations.body.invitations.map((i) => i.organization.id)).toEqual([organizationId]);
    expect(
      (
        await api.call('POST', `/v1/organizations/invitations/${invitations.body.invitations[0]!.id}/accept`, {
          token: existing.accessToken,
        })
      ).status,
    ).toBe(200);
    const after = await api.call<Listed>('GET', `/v1/organizations/${organizationId}/members`, {
      token: boss.accessToken,
    });
    expect(after.body.members.find((m) => m.email === 'existing@school.example')).toMatchObject({
      status: 'member',
      needsPassword: false,
    });
    // Importing again adds nobody twice.
    const again = await roster(lines.slice(0, 3).join('\n'), true);
    expect(again.body.rows.map((r) => r.status)).toEqual(['already-member', 'already-invited']);
  }, 60_000);

  it('let an organization’s admin set a learner’s password, and nobody else see or touch its members', async () => {
    const { api, boss } = await setUp();
    const organizationId = (await provision(api, boss)).body.provisioning.organization.id;
    await api.call('POST', `/v1/organizations/${organizationId}/roster`, {
      token: boss.accessToken,
      body: {
        csv: 'email,name,role\nteacher@school.example,Ms Lin,admin\nkid@school.example,Kid,learner\n',
        dryRun: false,
      },
    });
    const members = (
      await api.call<{ members: { userId: string; email: string }[] }>(
        'GET',
        `/v1/organizations/${organizationId}/members`,
        { token: boss.accessToken },
      )
    ).body.members;
    const kid = members.find((m) => m.email === 'kid@school.example')!;
    const teacherId = members.find((m) => m.email === 'teacher@school.example')!.userId;
    // Nobody can sign in as an invited address until its admin sets a password (which makes the organization's account).
    const login = (email: string, password: string) =>
      api.call('POST', '/v1/auth/login', { body: { email, password, device: deviceInfo() } });
    expect((await login('kid@school.example', 'anything at all')).status).toBe(401);
    expect(
      (
        await api.call('POST', `/v1/organizations/${organizationId}/members/${teacherId}/password`, {
          token: boss.accessToken,
          body: { password: 'teacher password 1' },
        })
      ).status,
    ).toBe(204);
    const teacher = await login('teacher@school.example', 'teacher password 1');
    const teacherToken = (teacher.body as { accessToken: string }).accessToken;
    expect(
      (
        await api.call('POST', `/v1/organizations/${organizationId}/members/${kid.userId}/password`, {
          token: teacherToken,
          body: { password: 'short' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api.call('POST', `/v1/organizations/${organizationId}/members/${kid.userId}/password`, {
          token: teacherToken,
          body: { password: 'kid password 12' },
        })
      ).status,
    ).toBe(204);
    expect((await login('kid@school.example', 'kid password 12')).status).toBe(200);
    const outsider = await signUpAndIn(api, 'outsider@example.com');
    expect(
      (await api.call('GET', `/v1/organizations/${organizationId}/members`, { token: outsider.accessToken })).status,
    ).toBe(404);
    expect(
      (
        await api.call('POST', `/v1/organizations/${organizationId}/members/${kid.userId}/password`, {
          token: outsider.accessToken,
          body: { password: 'hijacked password' },
        })
      ).status,
    ).toBe(404);
    expect((await login('kid@school.example', 'kid password 12')).status).toBe(200);
  });
});
