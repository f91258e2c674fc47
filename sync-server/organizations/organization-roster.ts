import type { RosterImport } from '../../common/contract/institution.js';
import { newId, type AccessClaims } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import type { SqlClient, SqlDatabase } from '../sql/sql-database.js';
import { parseRoster } from './roster-csv.js';

/** An organization's roster: a CSV of people previewed, then invited (never taken over). */
export function organizationRoster(deps: {
  db: SqlDatabase;
  now: () => number;
  requireOrgAdmin: (caller: AccessClaims, organizationId: string) => Promise<void>;
  onInvited?: (invitation: { email: string; organization: string; inviter: string }) => void;
}) {
  const { db, now, requireOrgAdmin } = deps;
  return {
    /**
     * Roster import: a preview (`dryRun`) says what each line would do and what is wrong; the
     * import itself invites every valid line in one transaction, and is refused while the file
     * has problems. Neither says whether an address has an account: an organization gains no
     * power over an account it did not make. A person with an account joins by accepting the
     * invitation; for an address without one, the admin's password (setInvitationPassword)
     * makes an account the organization owns until its learner sets their own password.
     */
    async importRoster(
      caller: AccessClaims,
      organizationId: string,
      csv: string,
      dryRun: boolean,
    ): Promise<RosterImport> {
      await requireOrgAdmin(caller, organizationId);
      const { rows, problems } = parseRoster(csv);
      const classify = async (tx: SqlClient) => {
        const members = new Set<string>();
        const invited = new Set<string>();
        for (let i = 0; i < rows.length; i += 500) {
          const batch = rows.slice(i, i + 500).map((r) => r.email);
          const marks = batch.map(() => '?').join(', ');
          for (const f of await tx.all<{ email: string }>(
            `SELECT u.email FROM users u JOIN organization_members m ON m.user_id = u.id AND m.organization_id = ? WHERE u.email IN (${marks})`,
            [organizationId, ...batch],
          ))
            members.add(f.email);
          for (const f of await tx.all<{ email: string }>(
            `SELECT email FROM organization_invitations WHERE organization_id = ? AND email IN (${marks})`,
            [organizationId, ...batch],
          ))
            invited.add(f.email);
        }
        return rows.map((row) => ({
          ...row,
          status: members.has(row.email)
            ? ('already-member' as const)
            : invited.has(row.email)
              ? ('already-invited' as const)
              : ('to-invite' as const),
        }));
      };
      if (dryRun || problems.length > 0) {
        const classified = await classify(db);
        if (!dryRun)
          throw new DomainError(
            'INVALID_INPUT',
            `The roster has ${problems.length} problem(s); nothing was imported.`,
            {
              problems,
            },
          );
        return { dryRun: true, rows: classified, problems };
      }
      const imported = await db.transaction(async (tx) => {
        const classified = await classify(tx);
        for (const row of classified) {
          if (row.status !== 'to-invite') continue;
          // An invitation names the account that has the address now, if any: only that account
          // may accept it. One made for an address without an account is taken up only by the
          // account the organization makes for it — not by whoever signs up with the address later.
          const existing = await tx.get<{ id: string }>('SELECT id FROM users WHERE email = ?', [row.email]);
          await tx.run(
            'INSERT INTO organization_invitations (id, organization_id, email, display_name, role, user_id, invited_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organization_id, email) DO NOTHING',
            [newId('inv'), organizationId, row.email, row.displayName, row.role, existing?.id ?? null, now()],
          );
        }
        return classified;
      });
      if (deps.onInvited) {
        const organization = await db.get<{ name: string }>('SELECT name FROM organizations WHERE id = ?', [
          organizationId,
        ]);
        const inviter = await db.get<{ display_name: string }>('SELECT display_name FROM users WHERE id = ?', [
          caller.userId,
        ]);
        for (const row of imported)
          if (row.status === 'to-invite')
            deps.onInvited({
              email: row.email,
              organization: organization?.name ?? '',
              inviter: inviter?.display_name ?? '',
            });
      }
      return { dryRun: false, rows: imported, problems: [] };
    },
  };
}
