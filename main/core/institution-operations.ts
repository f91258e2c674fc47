import type {
  InstitutionOverview,
  InvitationView,
  MemberView,
  RosterImport,
} from '../../common/contract/institution.js';
import type { OperationHandlers } from '../../common/contract/index.js';
import type { ServerApi } from './server-api.js';

type InstitutionOperations = Pick<
  OperationHandlers,
  | 'institution.overview'
  | 'institution.members'
  | 'institution.roster'
  | 'institution.resetPassword'
  | 'institution.createCodes'
  | 'institution.reassignSeat'
  | 'institution.invitations'
  | 'institution.answerInvitation'
  | 'institution.withdrawInvitation'
>;

/** The institution admin's operations: the server's organization and seat-pool API, for the signed-in admin. */
export function institutionOperations(server: ServerApi): InstitutionOperations {
  return {
    'institution.overview': async () => {
      const [organizations, pools] = await Promise.all([
        server.get<{ organizations: InstitutionOverview['organizations'] }>('/v1/organizations/mine'),
        server.get<{ pools: InstitutionOverview['pools'] }>('/v1/seat-pools/mine'),
      ]);
      return { organizations: organizations.organizations, pools: pools.pools };
    },
    'institution.members': async ({ organizationId }) =>
      (await server.get<{ members: MemberView[] }>(`/v1/organizations/${organizationId}/members`)).members,
    'institution.roster': ({ organizationId, csv, dryRun }) =>
      server.call<RosterImport>(`/v1/organizations/${organizationId}/roster`, { csv, dryRun }),
    'institution.resetPassword': async ({ organizationId, userId, password }) => {
      await server.call(`/v1/organizations/${organizationId}/members/${userId}/password`, { password });
      return {};
    },
    'institution.createCodes': ({ poolId, count, maxUses }) =>
      server.call<{ codes: string[] }>(`/v1/seat-pools/${poolId}/codes`, { count, maxUses }),
    'institution.reassignSeat': ({ poolId, fromUserId, toUserId }) =>
      server.call<{ courseId: string }>(`/v1/seat-pools/${poolId}/reassign`, { fromUserId, toUserId }),
    // An organization joins an existing account only when its owner accepts (docs/security.md).
    'institution.invitations': async () =>
      (await server.get<{ invitations: InvitationView[] }>('/v1/organizations/invitations')).invitations,
    'institution.withdrawInvitation': async ({ organizationId, invitationId }) => {
      await server.call(`/v1/organizations/${organizationId}/invitations/${invitationId}`, undefined, 'DELETE');
      return {};
    },
    'institution.answerInvitation': async ({ invitationId, accept }) => {
      await server.call(`/v1/organizations/invitations/${invitationId}/${accept ? 'accept' : 'decline'}`, {});
      return {};
    },
  };
}
