import { describe, expect, it } from 'vitest';
import { signUpAndIn } from './server-harness.js';
import { PASSWORD, admin, login, trustHarness } from './trust-harness.js';

/**
 * Regression tests of the trust-boundary review (docs/security.md lists the findings), organizations and invitations:
 * each failed on the code before the fix.
 */
const { server } = trustHarness();

describe('1. organizations never gain power over accounts they did not make', () => {
  it('an organization admin who imports the platform admin’s address and “sets its password” changes nothing of that account', async () => {
    const api = await server();
    const root = await admin(api);
    const orgAdmin = await signUpAndIn(api, 'it@school.example');
    const organizationId = (
      await api.call<{ provisioning: { organization: { id: string } } }>('POST', '/v1/admin/provisioning', {
        token: root.accessToken,
        body: { organization: { name: 'School' }, serverUrl: api.url, enrollment: { maxUses: 5 } },
      })
    ).body.provisioning.organization.id;
    await api.context.db.run(
      "INSERT INTO organization_members (organization_id, user_id, role, joined_at) VALUES (?, ?, 'admin', 0)",
      [organizationId, orgAdmin.userId],
    );

    const imported = await api.call('POST', `/v1/organizations/${organizationId}/roster`, {
      token: orgAdmin.accessToken,
      body: {
        csv: 'email,name,role\nroot@example.com,Root,admin\nfresh@school.example,Fresh,learner\n',
        dryRun: false,
      },
    });
    expect(imported.status).toBe(200);
    const members = (
      await api.call<{ members: { userId: string; email: string; status: string }[] }>(
        'GET',
        `/v1/organizations/${organizationId}/members`,
        { token: orgAdmin.accessToken },
      )
    ).body.members;
    const rootRow = members.find((m) => m.email === 'root@example.com')!;
    const freshRow = members.find((m) => m.email === 'fresh@school.example')!;
    expect([rootRow.status, freshRow.status]).toEqual(['invited', 'invited']);

    const setPassword = (row: { userId: string }) =>
      api.call('POST', `/v1/organizations/${organizationId}/members/${row.userId}/password`, {
        token: orgAdmin.accessToken,
        body: { password: 'taken over at last' },
      });
    const onRoot = await setPassword(rootRow);
    const onFresh = await setPassword(freshRow);
    // The same answer for both: the organization cannot tell which address had an account.
    expect(onRoot.status).toBe(204);
    expect(onFresh.status).toBe(204);
    expect((await login(api, 'root@example.com', 'taken over at last')).status).toBe(401);
    expect((await login(api, 'root@example.com', PASSWORD)).status).toBe(200);
    // The address without an account got one, owned by the organization, which it joins at sign-in.
    expect((await login(api, 'fresh@school.example', 'taken over at last')).status).toBe(200);
    // Nor through the member route once the platform admin is not a member: 404, nothing changed.
    expect(
      (
        await api.call('POST', `/v1/organizations/${organizationId}/members/${root.userId}/password`, {
          token: orgAdmin.accessToken,
          body: { password: 'taken over at last' },
        })
      ).status,
    ).toBe(404);
    expect((await login(api, 'root@example.com', PASSWORD)).status).toBe(200);
  });

  it('a member who joined with their own account, or who took over the organization’s account, manages their own password', async () => {
    const api = await server();
    const root = await admin(api);
    const organizationId = (
      await api.call<{ provisioning: { organization: { id: string }; enrollmentToken: string } }>(
        'POST',
        '/v1/admin/provisioning',
        {
          token: root.accessToken,
          body: { organization: { name: 'School' }, serverUrl: api.url, enrollment: { maxUses: 5 } },
        },
      )
    ).body.provisioning;
    const own = await signUpAndIn(api, 'own@example.com');
    expect(
      (
        await api.call('POST', '/v1/organizations/join', {
          token: own.accessToken,
          body: { token: organizationId.enrollmentToken },
        })
      ).status,
    ).toBe(200);
    const reset = await api.call<{ error: { code: string } }>(
      'POST',
      `/v1/organizations/${organizationId.organization.id}/members/${own.userId}/password`,
      { token: root.accessToken, body: { password: 'taken over at last' } },
    );
    expect(reset.status).toBe(403);
    expect((await login(api, 'own@example.com', PASSWORD)).status).toBe(200);
  });
});

describe('1b. an invitation goes to the account it was made for', () => {
  it('whoever signs up later with an invited address cannot accept the invitation or take the organization’s first password', async () => {
    const api = await server();
    const root = await admin(api);
    const organizationId = (
      await api.call<{ provisioning: { organization: { id: string } } }>('POST', '/v1/admin/provisioning', {
        token: root.accessToken,
        body: { organization: { name: 'School' }, serverUrl: api.url, enrollment: { maxUses: 5 } },
      })
    ).body.provisioning.organization.id;
    await api.call('POST', `/v1/organizations/${organizationId}/roster`, {
      token: root.accessToken,
      body: { csv: 'email,name,role\nnew-admin@school.example,New admin,admin\n', dryRun: false },
    });
    // Someone else registers the invited address first.
    const squatter = await signUpAndIn(api, 'new-admin@school.example');
    expect(
      (
        await api.call<{ invitations: unknown[] }>('GET', '/v1/organizations/invitations', {
          token: squatter.accessToken,
        })
      ).body.invitations,
    ).toEqual([]);
    const invitation = (
      await api.call<{ members: { userId: string }[] }>('GET', `/v1/organizations/${organizationId}/members`, {
        token: root.accessToken,
      })
    ).body.members[0]!;
    expect(
      (
        await api.call('POST', `/v1/organizations/invitations/${invitation.userId}/accept`, {
          token: squatter.accessToken,
        })
      ).status,
    ).toBe(404);
    // The first password the organization sets makes no account for an address someone now holds, and changes nothing of theirs.
    expect(
      (
        await api.call('POST', `/v1/organizations/${organizationId}/members/${invitation.userId}/password`, {
          token: root.accessToken,
          body: { password: 'organization first password' },
        })
      ).status,
    ).toBe(204);
    expect((await login(api, 'new-admin@school.example', 'organization first password')).status).toBe(401);
    expect(
      (await api.call<{ organizations: unknown[] }>('GET', '/v1/organizations/mine', { token: squatter.accessToken }))
        .body.organizations,
    ).toEqual([]);
    // Only the organization's admins withdraw its invitations; withdrawn, the address can be invited again.
    expect(
      (
        await api.call('DELETE', `/v1/organizations/${organizationId}/invitations/${invitation.userId}`, {
          token: squatter.accessToken,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.call('DELETE', `/v1/organizations/${organizationId}/invitations/${invitation.userId}`, {
          token: root.accessToken,
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await api.call<{ members: unknown[] }>('GET', `/v1/organizations/${organizationId}/members`, {
          token: root.accessToken,
        })
      ).body.members,
    ).toEqual([]);
  });
});
