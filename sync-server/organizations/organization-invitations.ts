import type { AccessClaims } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import type { SqlClient, SqlDatabase } from '../sql/sql-database.js';

/** Invitations from the invited person's side, and an admin withdrawing one. */
export function organizationInvitations(deps: {
  db: SqlDatabase;
  requireOrgAdmin: (caller: AccessClaims, organizationId: string) => Promise<void>;
  addMember: (tx: SqlClient, organizationId: string, userId: string, role: 'learner' | 'admin') => Promise<boolean>;
}) {
  const { db, requireOrgAdmin, addMember } = deps;
  return {
    /** An admin withdraws an invitation not yet taken up (the address can then be invited again). */
    async withdrawInvitation(caller: AccessClaims, organizationId: string, invitationId: string): Promise<void> {
      await requireOrgAdmin(caller, organizationId);
      const removed = await db.run('DELETE FROM organization_invitations WHERE id = ? AND organization_id = ?', [
        invitationId,
        organizationId,
      ]);
      if (removed.changes === 0) throw new DomainError('NOT_FOUND', 'No such invitation of this organization.');
    },

    /** Invitations waiting for the caller's account. */
    async myInvitations(
      caller: AccessClaims,
    ): Promise<
      { id: string; organization: { id: string; name: string }; role: 'learner' | 'admin'; invitedAt: number }[]
    > {
      const rows = await db.all<{
        id: string;
        organization_id: string;
        name: string;
        role: 'learner' | 'admin';
        invited_at: number;
      }>(
        'SELECT i.id, i.organization_id, o.name, i.role, i.invited_at FROM organization_invitations i JOIN organizations o ON o.id = i.organization_id WHERE i.user_id = ? ORDER BY i.invited_at',
        [caller.userId],
      );
      return rows.map((row) => ({
        id: row.id,
        organization: { id: row.organization_id, name: row.name },
        role: row.role,
        invitedAt: Number(row.invited_at),
      }));
    },

    /** The invited person joins (accept) or turns the invitation down (decline). */
    async answerInvitation(
      caller: AccessClaims,
      invitationId: string,
      accept: boolean,
    ): Promise<{ organization: { id: string; name: string }; role: 'learner' | 'admin' } | null> {
      return db.transaction(async (tx) => {
        const invitation = await tx.get<{ organization_id: string; name: string; role: 'learner' | 'admin' }>(
          'SELECT i.organization_id, o.name, i.role FROM organization_invitations i JOIN organizations o ON o.id = i.organization_id WHERE i.id = ? AND i.user_id = ?',
          [invitationId, caller.userId],
        );
        if (!invitation) throw new DomainError('NOT_FOUND', 'No such invitation for you.');
        await tx.run('DELETE FROM organization_invitations WHERE id = ?', [invitationId]);
        if (!accept) return null;
        await addMember(tx, invitation.organization_id, caller.userId, invitation.role);
        return { organization: { id: invitation.organization_id, name: invitation.name }, role: invitation.role };
      });
    },

    /** At sign-in: an account the organization made joins it (its invitations are the organization's own). */
    async joinOwnOrganization(userId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const rows = await tx.all<{ id: string; organization_id: string; role: 'learner' | 'admin' }>(
          'SELECT i.id, i.organization_id, i.role FROM organization_invitations i JOIN users u ON u.email = i.email AND u.created_by_organization = i.organization_id WHERE u.id = ? AND i.user_id = u.id',
          [userId],
        );
        for (const row of rows) {
          await addMember(tx, row.organization_id, userId, row.role);
          await tx.run('DELETE FROM organization_invitations WHERE id = ?', [row.id]);
        }
      });
    },
  };
}
