import { createHash, randomBytes } from 'node:crypto';
import { provisioningSchema, provisioningSignedText, type Provisioning } from '../../common/provisioning.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import { hashPassword } from '../accounts/passwords.js';
import { newId, type AccessClaims } from '../accounts/tokens.js';
import { HttpError } from '../http/http-error.js';
import type { SqlClient, SqlDatabase } from '../sql/sql-database.js';
import type { MemberView, RosterImport } from '../../common/contract/institution.js';
import { parseRoster } from './roster-csv.js';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
/** Accounts created from a roster have no usable password until their admin sets one. */
const NO_PASSWORD = '!no-password-until-reset';

export interface ProvisioningRequest {
  organization: { id?: string | undefined; name: string };
  serverUrl: string;
  enrollment: { maxUses: number; expiresAt?: number | undefined };
  defaultLanguage?: 'zh-CN' | 'en' | undefined;
  lockedSettings?: Provisioning['lockedSettings'] | undefined;
  updates?: Provisioning['updates'] | undefined;
  contentPack?: string | undefined;
}

/**
 * Institutions: an organization, its members (learners and admins), enrollment tokens for
 * provisioned installs, roster import, and an admin's password resets for their learners.
 */
export function createOrganizationService(deps: { db: SqlDatabase; signer: EntitlementSigner; now: () => number }) {
  const { db, now } = deps;

  async function requireOrgAdmin(caller: AccessClaims, organizationId: string): Promise<void> {
    if (caller.role === 'admin') {
      if (!(await db.get('SELECT id FROM organizations WHERE id = ?', [organizationId]))) throw new HttpError('NOT_FOUND', 'No such organization.');
      return;
    }
    const member = await db.get<{ role: string }>('SELECT role FROM organization_members WHERE organization_id = ? AND user_id = ?', [organizationId, caller.userId]);
    if (member?.role !== 'admin') throw new HttpError('NOT_FOUND', 'No such organization of yours.');
  }

  async function addMember(tx: SqlClient, organizationId: string, userId: string, role: 'learner' | 'admin'): Promise<boolean> {
    const inserted = await tx.run('INSERT INTO organization_members (organization_id, user_id, role, joined_at) VALUES (?, ?, ?, ?) ON CONFLICT (organization_id, user_id) DO NOTHING', [organizationId, userId, role, now()]);
    return inserted.changes > 0;
  }

  return {
    /** Administrators: an organization (new or existing), a fresh enrollment token, and the signed provisioning file. */
    async provision(request: ProvisioningRequest): Promise<{ provisioning: Provisioning; signature: string }> {
      const token = randomBytes(24).toString('base64url');
      const organization = await db.transaction(async (tx) => {
        let found = request.organization.id ? await tx.get<{ id: string; name: string }>('SELECT id, name FROM organizations WHERE id = ?', [request.organization.id]) : undefined;
        if (request.organization.id && !found) throw new HttpError('NOT_FOUND', 'No such organization.');
        if (!found) {
          found = { id: newId('org'), name: request.organization.name };
          await tx.run('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)', [found.id, found.name, now()]);
        }
        await tx.run('INSERT INTO enrollment_tokens (token_hash, organization_id, max_uses, expires_at, created_at) VALUES (?, ?, ?, ?, ?)', [
          tokenHash(token), found.id, request.enrollment.maxUses, request.enrollment.expiresAt ?? null, now(),
        ]);
        return found;
      });
      const provisioning = provisioningSchema.parse({
        format: 'zhiku-provisioning',
        version: 1,
        serverUrl: request.serverUrl,
        organization,
        enrollmentToken: token,
        ...(request.defaultLanguage ? { defaultLanguage: request.defaultLanguage } : {}),
        lockedSettings: request.lockedSettings ?? {},
        updates: request.updates ?? 'off',
        ...(request.contentPack ? { contentPack: request.contentPack } : {}),
        issuedAt: now(),
      });
      return { provisioning, signature: deps.signer.signText(provisioningSignedText(provisioning)) };
    },

    /** A signed-in learner joins with a provisioning file's token: once, never beyond its uses, not after it expires. */
    async join(caller: AccessClaims, token: string): Promise<{ organization: { id: string; name: string }; role: 'learner' | 'admin' }> {
      return db.transaction(async (tx) => {
        const found = await tx.get<{ organization_id: string; name: string; expires_at: number | null }>(
          'SELECT t.organization_id, o.name, t.expires_at FROM enrollment_tokens t JOIN organizations o ON o.id = t.organization_id WHERE t.token_hash = ?',
          [tokenHash(token)],
        );
        if (!found) throw new HttpError('NOT_FOUND', 'This enrollment token is not valid.');
        const organization = { id: found.organization_id, name: found.name };
        const member = await tx.get<{ role: 'learner' | 'admin' }>('SELECT role FROM organization_members WHERE organization_id = ? AND user_id = ?', [found.organization_id, caller.userId]);
        if (member) return { organization, role: member.role };
        if (found.expires_at !== null && Number(found.expires_at) <= now()) throw new HttpError('INVALID_INPUT', 'This enrollment token has expired.');
        const use = await tx.run('UPDATE enrollment_tokens SET uses = uses + 1 WHERE token_hash = ? AND uses < max_uses', [tokenHash(token)]);
        if (use.changes === 0) throw new HttpError('CONFLICT', 'This enrollment token has been used up.');
        await addMember(tx, found.organization_id, caller.userId, 'learner');
        return { organization, role: 'learner' };
      });
    },

    /** The caller's organizations (an admin's screen starts here). */
    async mine(caller: AccessClaims): Promise<{ id: string; name: string; role: 'learner' | 'admin' }[]> {
      return db.all('SELECT o.id, o.name, m.role FROM organization_members m JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = ? ORDER BY o.name', [caller.userId]);
    },

    /**
     * Roster import: a preview (`dryRun`) says what each line would do and what is wrong; the
     * import itself adds every valid line in one transaction (new accounts wait for a password
     * from their admin), and is refused while the file has problems.
     */
    async importRoster(caller: AccessClaims, organizationId: string, csv: string, dryRun: boolean): Promise<RosterImport> {
      await requireOrgAdmin(caller, organizationId);
      const { rows, problems } = parseRoster(csv);
      const classify = async (tx: SqlClient) => {
        const known = new Map<string, { id: string; member: boolean }>();
        for (let i = 0; i < rows.length; i += 500) {
          const batch = rows.slice(i, i + 500);
          const found = await tx.all<{ id: string; email: string; member: string | null }>(
            `SELECT u.id, u.email, m.user_id AS member FROM users u LEFT JOIN organization_members m ON m.user_id = u.id AND m.organization_id = ? WHERE u.email IN (${batch.map(() => '?').join(', ')})`,
            [organizationId, ...batch.map((r) => r.email)],
          );
          for (const f of found) known.set(f.email, { id: f.id, member: f.member !== null });
        }
        return rows.map((row) => ({ ...row, status: known.get(row.email)?.member ? ('already-member' as const) : known.has(row.email) ? ('existing-account' as const) : ('new-account' as const), userId: known.get(row.email)?.id }));
      };
      if (dryRun || problems.length > 0) {
        const classified = await classify(db);
        if (!dryRun) throw new HttpError('INVALID_INPUT', `The roster has ${problems.length} problem(s); nothing was imported.`, { problems });
        return { dryRun: true, rows: classified.map(({ userId: _userId, ...row }) => row), problems };
      }
      const imported = await db.transaction(async (tx) => {
        const classified = await classify(tx);
        for (const row of classified) {
          let userId = row.userId;
          if (!userId) {
            userId = newId('usr');
            await tx.run('INSERT INTO users (id, email, display_name, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [userId, row.email, row.displayName, NO_PASSWORD, 'learner', now(), now()]);
          }
          await addMember(tx, organizationId, userId, row.role);
        }
        return classified.map(({ userId: _userId, ...row }) => row);
      });
      return { dryRun: false, rows: imported, problems: [] };
    },

    /** Members with what an admin follows: courses, completion, last sync. No notes, no ratings. */
    async members(caller: AccessClaims, organizationId: string): Promise<MemberView[]> {
      await requireOrgAdmin(caller, organizationId);
      const rows = await db.all<{ user_id: string; email: string; display_name: string; role: 'learner' | 'admin'; joined_at: number; password_hash: string; last_seen: number | null }>(
        `SELECT m.user_id, u.email, u.display_name, m.role, m.joined_at, u.password_hash,
                (SELECT MAX(d.last_seen_at) FROM devices d WHERE d.user_id = m.user_id) AS last_seen
         FROM organization_members m JOIN users u ON u.id = m.user_id WHERE m.organization_id = ? ORDER BY u.display_name, u.email`,
        [organizationId],
      );
      const progress = await db.all<{ owner_id: string; data: string }>(
        `SELECT owner_id, data FROM documents WHERE collection = 'progress' AND deleted = 0 AND owner_id IN (SELECT user_id FROM organization_members WHERE organization_id = ?)`,
        [organizationId],
      );
      const byUser = new Map<string, number[]>();
      for (const row of progress) byUser.set(row.owner_id, [...(byUser.get(row.owner_id) ?? []), Number((JSON.parse(row.data) as { completion?: number }).completion ?? 0)]);
      return rows.map((row) => {
        const completions = byUser.get(row.user_id) ?? [];
        return {
          userId: row.user_id,
          email: row.email,
          displayName: row.display_name,
          role: row.role,
          joinedAt: Number(row.joined_at),
          courses: completions.length,
          completion: completions.length === 0 ? 0 : completions.reduce((a, b) => a + b, 0) / completions.length,
          lastSyncedAt: row.last_seen === null ? null : Number(row.last_seen),
          needsPassword: row.password_hash === NO_PASSWORD,
        };
      });
    },

    /** An admin sets a learner's temporary password: every session of the learner ends. */
    async resetPassword(caller: AccessClaims, organizationId: string, userId: string, password: string): Promise<void> {
      await requireOrgAdmin(caller, organizationId);
      const member = await db.get('SELECT user_id FROM organization_members WHERE organization_id = ? AND user_id = ?', [organizationId, userId]);
      if (!member) throw new HttpError('NOT_FOUND', 'No such member of this organization.');
      const passwordHash = await hashPassword(password);
      await db.transaction(async (tx) => {
        await tx.run('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?', [passwordHash, now(), userId]);
        await tx.run('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [now(), userId]);
      });
    },
  };
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;
