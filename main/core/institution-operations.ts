import {
  anyAnswerSchema,
  codesResponseSchema,
  courseIdResponseSchema,
  invitationsResponseSchema,
  membersResponseSchema,
  myOrganizationsSchema,
  myPoolsSchema,
  rosterImportSchema,
} from '../../common/server-api/responses.js';
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
        server.get('/v1/organizations/mine', myOrganizationsSchema),
        server.get('/v1/seat-pools/mine', myPoolsSchema),
      ]);
      return { organizations: organizations.organizations, pools: pools.pools };
    },
    'institution.members': async ({ organizationId }) =>
      (await server.get(`/v1/organizations/${organizationId}/members`, membersResponseSchema)).members,
    'institution.roster': ({ organizationId, csv, dryRun }) =>
      server.call(`/v1/organizations/${organizationId}/roster`, { csv, dryRun }, rosterImportSchema),
    'institution.resetPassword': async ({ organizationId, userId, password }) => {
      await server.call(
        `/v1/organizations/${organizationId}/members/${userId}/password`,
        { password },
        anyAnswerSchema,
      );
      return {};
    },
    'institution.createCodes': ({ poolId, count, maxUses }) =>
      server.call(`/v1/seat-pools/${poolId}/codes`, { count, maxUses }, codesResponseSchema),
    'institution.reassignSeat': ({ poolId, fromUserId, toUserId }) =>
      server.call(`/v1/seat-pools/${poolId}/reassign`, { fromUserId, toUserId }, courseIdResponseSchema),
    // An organization joins an existing account only when its owner accepts (docs/security.md).
    'institution.invitations': async () =>
      (await server.get('/v1/organizations/invitations', invitationsResponseSchema)).invitations,
    'institution.withdrawInvitation': async ({ organizationId, invitationId }) => {
      await server.call(
        `/v1/organizations/${organizationId}/invitations/${invitationId}`,
        undefined,
        anyAnswerSchema,
        'DELETE',
      );
      return {};
    },
    'institution.answerInvitation': async ({ invitationId, accept }) => {
      await server.call(
        `/v1/organizations/invitations/${invitationId}/${accept ? 'accept' : 'decline'}`,
        {},
        anyAnswerSchema,
      );
      return {};
    },
  };
}
