import { serverMastery } from '../certificates/server-mastery.js';
import type { ExamGrader } from '../exams/exam-grader.js';
import { memberCertificateCounts, memberExamResults } from './member-achievements.js';
import { createHash, randomBytes } from 'node:crypto';
import { provisioningSchema, provisioningSignedText, type Provisioning } from '../../common/provisioning.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import type { AuthService } from '../accounts/auth-service.js';
import { hashPassword } from '../accounts/passwords.js';
import { newId, type AccessClaims } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import { forUpdate, type SqlClient, type SqlDatabase } from '../sql/sql-database.js';
import type { MemberView } from '../../common/contract/institution.js';
import { organizationInvitations } from './organization-invitations.js';
import { organizationRoster } from './organization-roster.js';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

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
export function createOrganizationService(deps: {
  db: SqlDatabase;
  signer: EntitlementSigner;
  now: () => number;
  auth: Pick<AuthService, 'endSessions'>;
  /** The stored body of a lesson (to read exercises when counting mastery). */
  lessonBodyPath?: (lessonId: string, courseId: string) => Promise<string | null>;
  /** Grades members' waiting exam sittings before their results are reported. */
  exams?: Pick<ExamGrader, 'gradePending'>;
  /** Tells an invited person by mail, after the invitation is stored. */
  onInvited?: (invitation: { email: string; organization: string; inviter: string }) => void;
}) {
  const { db, now } = deps;

  async function requireOrgAdmin(caller: AccessClaims, organizationId: string): Promise<void> {
    if (caller.role === 'admin') {
      if (!(await db.get('SELECT id FROM organizations WHERE id = ?', [organizationId])))
        throw new DomainError('NOT_FOUND', 'No such organization.');
      return;
    }
    const member = await db.get<{ role: string }>(
      'SELECT role FROM organization_members WHERE organization_id = ? AND user_id = ?',
      [organizationId, caller.userId],
    );
    if (member?.role !== 'admin') throw new DomainError('NOT_FOUND', 'No such organization of yours.');
  }

  async function addMember(
    tx: SqlClient,
    organizationId: string,
    userId: string,
    role: 'learner' | 'admin',
  ): Promise<boolean> {
    const inserted = await tx.run(
      'INSERT INTO organization_members (organization_id, user_id, role, joined_at) VALUES (?, ?, ?, ?) ON CONFLICT (organization_id, user_id) DO NOTHING',
      [organizationId, userId, role, now()],
    );
    return inserted.changes > 0;
  }

  async function setInvitationPassword(
    organizationId: string,
    invitationId: string,
    passwordHash: string,
  ): Promise<void> {
    await db.transaction(async (tx) => {
      const invitation = await tx.get<{ email: string; display_name: string }>(
        `SELECT email, display_name FROM organization_invitations WHERE id = ? AND organization_id = ?${forUpdate(tx)}`,
        [invitationId, organizationId],
      );
      if (!invitation) throw new DomainError('NOT_FOUND', 'No such invitation of this organization.');
      const account = await tx.get<{ id: string; created_by_organization: string | null; claimed_at: number | null }>(
        'SELECT id, created_by_organization, claimed_at FROM users WHERE email = ?',
        [invitation.email],
      );
      if (!account) {
        const userId = newId('usr');
        await tx.run(
          'INSERT INTO users (id, email, display_name, password_hash, role, created_at, updated_at, created_by_organization) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [userId, invitation.email, invitation.display_name, passwordHash, 'learner', now(), now(), organizationId],
        );
        await tx.run('UPDATE organization_invitations SET user_id = ? WHERE id = ?', [userId, invitationId]);
        return;
      }
      // The organization's own account, not yet taken over by its learner: a new temporary password.
      if (account.created_by_organization === organizationId && account.claimed_at === null) {
        await tx.run('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?', [
          passwordHash,
          now(),
          account.id,
        ]);
        await deps.auth.endSessions(tx, account.id);
      }
      // Anyone else's account is theirs: nothing changes, and the answer says nothing of it.
    });
  }

  return {
    /** Administrators: an organization (new or existing), a fresh enrollment token, and the signed provisioning file. */
    async provision(request: ProvisioningRequest): Promise<{ provisioning: Provisioning; signature: string }> {
      const token = randomBytes(24).toString('base64url');
      const organization = await db.transaction(async (tx) => {
        let found = request.organization.id
          ? await tx.get<{ id: string; name: string }>('SELECT id, name FROM organizations WHERE id = ?', [
              request.organization.id,
            ])
          : undefined;
        if (request.organization.id && !found) throw new DomainError('NOT_FOUND', 'No such organization.');
        if (!found) {
          found = { id: newId('org'), name: request.organization.name };
          await tx.run('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)', [
            found.id,
            found.name,
            now(),
          ]);
        }
        await tx.run(
          'INSERT INTO enrollment_tokens (token_hash, organization_id, max_uses, expires_at, created_at) VALUES (?, ?, ?, ?, ?)',
          [tokenHash(token), found.id, request.enrollment.maxUses, request.enrollment.expiresAt ?? null, now()],
        );
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
    async join(
      caller: AccessClaims,
      token: string,
    ): Promise<{ organization: { id: string; name: string }; role: 'learner' | 'admin' }> {
      return db.transaction(async (tx) => {
        const found = await tx.get<{ organization_id: string; name: string; expires_at: number | null }>(
          'SELECT t.organization_id, o.name, t.expires_at FROM enrollment_tokens t JOIN organizations o ON o.id = t.organization_id WHERE t.token_hash = ?',
          [tokenHash(token)],
        );
        if (!found) throw new DomainError('NOT_FOUND', 'This enrollment token is not valid.');
        const organization = { id: found.organization_id, name: found.name };
        const member = await tx.get<{ role: 'learner' | 'admin' }>(
          'SELECT role FROM organization_members WHERE organization_id = ? AND user_id = ?',
          [found.organization_id, caller.userId],
        );
        if (member) return { organization, role: member.role };
        if (found.expires_at !== null && Number(found.expires_at) <= now())
          throw new DomainError('INVALID_INPUT', 'This enrollment token has expired.');
        const use = await tx.run(
          'UPDATE enrollment_tokens SET uses = uses + 1 WHERE token_hash = ? AND uses < max_uses',
          [tokenHash(token)],
        );
        if (use.changes === 0) throw new DomainError('CONFLICT', 'This enrollment token has been used up.');
        await addMember(tx, found.organization_id, caller.userId, 'learner');
        return { organization, role: 'learner' };
      });
    },

    /** The caller's organizations (an admin's screen starts here). */
    async mine(caller: AccessClaims): Promise<{ id: string; name: string; role: 'learner' | 'admin' }[]> {
      return db.all(
        'SELECT o.id, o.name, m.role FROM organization_members m JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = ? ORDER BY o.name',
        [caller.userId],
      );
    },

    /** Members with what an admin follows (courses, completion, last sync; no notes, no ratings), then open invitations. */
    async members(caller: AccessClaims, organizationId: string): Promise<MemberView[]> {
      await requireOrgAdmin(caller, organizationId);
      const rows = await db.all<{
        user_id: string;
        email: string;
        display_name: string;
        role: 'learner' | 'admin';
        joined_at: number;
        created_by_organization: string | null;
        claimed_at: number | null;
        last_seen: number | null;
      }>(
        `SELECT m.user_id, u.email, u.display_name, m.role, m.joined_at, u.created_by_organization, u.claimed_at,
                (SELECT MAX(d.last_seen_at) FROM devices d WHERE d.user_id = m.user_id) AS last_seen
         FROM organization_members m JOIN users u ON u.id = m.user_id WHERE m.organization_id = ? ORDER BY u.display_name, u.email`,
        [organizationId],
      );
      const progress = await db.all<{ owner_id: string; data: string }>(
        `SELECT owner_id, data FROM documents WHERE collection = 'progress' AND deleted = 0 AND owner_id IN (SELECT user_id FROM organization_members WHERE organization_id = ?)`,
        [organizationId],
      );
      const byUser = new Map<string, number[]>();
      const completedLessons = new Map<string, Set<string>>();
      for (const row of progress) {
        const doc = JSON.parse(row.data) as {
          completion?: number;
          lessons?: { lessonId: string; completed: boolean }[];
        };
        byUser.set(row.owner_id, [...(byUser.get(row.owner_id) ?? []), Number(doc.completion ?? 0)]);
        const done = completedLessons.get(row.owner_id) ?? new Set<string>();
        for (const lesson of doc.lessons ?? []) if (lesson.completed) done.add(lesson.lessonId);
        completedLessons.set(row.owner_id, done);
      }
      // Exercises mastered as the server derives them from each member's attempts (as for certificates).
      const mastery = serverMastery(db, deps.lessonBodyPath ?? (async () => null));
      const masteredCount = new Map<string, number>();
      for (const row of rows) masteredCount.set(row.user_id, (await mastery.masteredBy(row.user_id)).size);
      const examsOf = await memberExamResults(db, organizationId, deps.exams);
      const certificates = await memberCertificateCounts(db, organizationId);
      const members = rows.map((row): MemberView => {
        const completions = byUser.get(row.user_id) ?? [];
        return {
          userId: row.user_id,
          email: row.email,
          displayName: row.display_name,
          role: row.role,
          joinedAt: Number(row.joined_at),
          courses: completions.length,
          completion: completions.length === 0 ? 0 : completions.reduce((a, b) => a + b, 0) / completions.length,
          exercisesMastered: masteredCount.get(row.user_id) ?? 0,
          certificates: certificates.get(row.user_id) ?? 0,
          exams: examsOf.get(row.user_id) ?? [],
          lastSyncedAt: row.last_seen === null ? null : Number(row.last_seen),
          needsPassword: row.created_by_organization === organizationId && row.claimed_at === null,
          status: 'member',
        };
      });
      const invitations = await db.all<{
        id: string;
        email: string;
        display_name: string;
        role: 'learner' | 'admin';
        invited_at: number;
      }>(
        'SELECT id, email, display_name, role, invited_at FROM organization_invitations WHERE organization_id = ? ORDER BY display_name, email',
        [organizationId],
      );
      return [
        ...members,
        ...invitations.map((row): MemberView => ({
          userId: row.id,
          email: row.email,
          displayName: row.display_name,
          role: row.role,
          joinedAt: Number(row.invited_at),
          courses: 0,
          completion: 0,
          exercisesMastered: 0,
          certificates: 0,
          exams: [],
          lastSyncedAt: null,
          needsPassword: true,
          status: 'invited',
        })),
      ];
    },

    /**
     * An admin sets a temporary password: of a member account the organization made and its
     * learner has not taken over (every session of it ends), or of an invitation (`inv_…`). For an
     * invitation the answer is the same whether or not its address already had an account: a new
     * account (owned by the organization) is made with this password, an existing one is left alone
     * and its owner accepts with their own password.
     */
    async resetPassword(caller: AccessClaims, organizationId: string, userId: string, password: string): Promise<void> {
      await requireOrgAdmin(caller, organizationId);
      const passwordHash = await hashPassword(password);
      if (userId.startsWith('inv_')) return setInvitationPassword(organizationId, userId, passwordHash);
      await db.transaction(async (tx) => {
        const member = await tx.get<{ created_by_organization: string | null; claimed_at: number | null }>(
          'SELECT u.created_by_organization, u.claimed_at FROM organization_members m JOIN users u ON u.id = m.user_id WHERE m.organization_id = ? AND m.user_id = ?',
          [organizationId, userId],
        );
        if (!member) throw new DomainError('NOT_FOUND', 'No such member of this organization.');
        if (member.created_by_organization !== organizationId || member.claimed_at !== null) {
          throw new DomainError('FORBIDDEN', 'This person manages their own password; they can change it in the app.');
        }
        await tx.run('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?', [passwordHash, now(), userId]);
        await deps.auth.endSessions(tx, userId);
      });
    },
    ...organizationRoster({ db, now, requireOrgAdmin, ...(deps.onInvited ? { onInvited: deps.onInvited } : {}) }),
    ...organizationInvitations({ db, requireOrgAdmin, addMember }),
  };
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;
