import type { AccountProfile, PROFILE_LANGUAGES } from '../../common/server-api/auth.js';
import { DomainError } from '../domain/domain-error.js';
import { passwordResetMail, verificationMail } from '../mail/account-mail.js';
import type { Mailer } from '../mail/mailer.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import type { AuthService } from './auth-service.js';
import { CODE_MINUTES, consumeCode, issueCode } from './one-time-codes.js';
import { hashPassword } from './passwords.js';

type Language = (typeof PROFILE_LANGUAGES)[number];

interface ProfileRow {
  id: string;
  email: string;
  display_name: string;
  role: AccountProfile['role'];
  created_at: number | string;
  bio: string;
  languages: string;
  email_verified_at: number | string | null;
  avatar: string | null;
}

export interface AccountRecovery {
  profile(userId: string): Promise<AccountProfile>;
  updateProfile(
    userId: string,
    patch: {
      displayName?: string | undefined;
      bio?: string | undefined;
      languages?: Language[] | undefined;
      avatar?: string | null | undefined;
    },
  ): Promise<AccountProfile>;
  /** Mails a verification code to the account's address (again, replacing the last one). */
  sendVerification(userId: string): Promise<void>;
  verifyEmail(userId: string, code: string): Promise<AccountProfile>;
  /** Mails a reset code when the address has an account; says nothing either way (no enumeration). */
  requestPasswordReset(email: string): Promise<void>;
  /** Sets a new password with the mailed code; every session of the account ends. */
  resetPassword(email: string, code: string, newPassword: string): Promise<void>;
}

/**
 * Accounts that recover themselves: the profile a person edits, their e-mail address
 * verified by a mailed code, and a forgotten password reset by one. Codes are one-time
 * (accounts/one-time-codes.ts); mail goes through the server's mailer.
 */
export function createAccountRecovery(deps: {
  db: SqlDatabase;
  auth: AuthService;
  mailer: Mailer;
  now: () => number;
  onMailFailure: (error: unknown, purpose: string) => void;
}): AccountRecovery {
  const { db, now } = deps;
  const toProfile = (row: ProfileRow): AccountProfile => ({
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    createdAt: Number(row.created_at),
    bio: row.bio,
    languages: (JSON.parse(row.languages) as Language[]).filter((l) => l === 'zh-CN' || l === 'en'),
    emailVerified: row.email_verified_at !== null,
    avatar: row.avatar,
  });
  async function profileRow(userId: string): Promise<ProfileRow> {
    const row = await db.get<ProfileRow>(
      'SELECT id, email, display_name, role, created_at, bio, languages, email_verified_at, avatar FROM users WHERE id = ?',
      [userId],
    );
    if (!row) throw new DomainError('UNAUTHORIZED', 'The account no longer exists.');
    return row;
  }
  /** Mail is sent after the code is stored; a mail server that fails is logged, and the code can be asked for again. */
  async function mail(send: () => Promise<void>, purpose: string): Promise<void> {
    try {
      await send();
    } catch (error) {
      deps.onMailFailure(error, purpose);
      throw new DomainError('INTERNAL', 'The mail could not be sent just now. Try again in a moment.');
    }
  }

  return {
    profile: async (userId) => toProfile(await profileRow(userId)),

    async updateProfile(userId, patch) {
      const current = await profileRow(userId);
      await db.run(
        'UPDATE users SET display_name = ?, bio = ?, languages = ?, avatar = ?, updated_at = ? WHERE id = ?',
        [
          patch.displayName ?? current.display_name,
          patch.bio ?? current.bio,
          patch.languages ? JSON.stringify([...new Set(patch.languages)]) : current.languages,
          patch.avatar === undefined ? current.avatar : patch.avatar,
          now(),
          userId,
        ],
      );
      return toProfile(await profileRow(userId));
    },

    async sendVerification(userId) {
      const row = await profileRow(userId);
      if (row.email_verified_at !== null) return;
      const code = await db.transaction((tx) => issueCode(tx, userId, 'verify-email', now()));
      await mail(
        () => deps.mailer.send(verificationMail(row.email, row.display_name, code, CODE_MINUTES)),
        'verify-email',
      );
    },

    async verifyEmail(userId, code) {
      // The attempt is recorded whether or not the code is right: decided first, refused after.
      const accepted = await db.transaction(async (tx) => {
        const ok = await consumeCode(tx, userId, 'verify-email', code, now());
        if (ok)
          await tx.run('UPDATE users SET email_verified_at = ?, updated_at = ? WHERE id = ?', [now(), now(), userId]);
        return ok;
      });
      if (!accepted) throw new DomainError('CODE_INVALID', 'That code is wrong, used or expired. Ask for a new one.');
      return toProfile(await profileRow(userId));
    },

    async requestPasswordReset(email) {
      const row = await db.get<{ id: string; display_name: string; email: string }>(
        'SELECT id, display_name, email FROM users WHERE email = ?',
        [email],
      );
      if (!row) return;
      const code = await db.transaction((tx) => issueCode(tx, row.id, 'reset-password', now()));
      await mail(
        () => deps.mailer.send(passwordResetMail(row.email, row.display_name, code, CODE_MINUTES)),
        'reset-password',
      );
    },

    async resetPassword(email, code, newPassword) {
      const passwordHash = await hashPassword(newPassword);
      const user = await db.get<{ id: string }>('SELECT id FROM users WHERE email = ?', [email]);
      const accepted =
        user !== undefined &&
        (await db.transaction(async (tx) => {
          const ok = await consumeCode(tx, user.id, 'reset-password', code, now());
          if (!ok) return false;
          // A code that reached the address proves it too; an account made by an institution gets its first password.
          await tx.run(
            `UPDATE users SET password_hash = ?, updated_at = ?, claimed_at = COALESCE(claimed_at, ?),
               email_verified_at = COALESCE(email_verified_at, ?) WHERE id = ?`,
            [passwordHash, now(), now(), now(), user.id],
          );
          await deps.auth.endSessions(tx, user.id);
          return true;
        }));
      if (!accepted) throw new DomainError('CODE_INVALID', 'That code is wrong, used or expired. Ask for a new one.');
    },
  };
}
