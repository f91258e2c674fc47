import type { z } from 'zod';
import type {
  DeviceView,
  LoginResponse,
  PublicUser,
  SessionTokens,
  UserRole,
  deviceInfoSchema,
  loginRequestSchema,
  registerRequestSchema,
} from '../../common/server-api/auth.js';
import { DomainError } from '../domain/domain-error.js';
import type { SqlClient, SqlDatabase } from '../sql/sql-database.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import {
  ACCESS_TOKEN_SECONDS,
  hashRefreshToken,
  newId,
  newRefreshToken,
  REFRESH_TOKEN_DAYS,
  type AccessClaims,
  type TokenSigner,
} from './tokens.js';

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: UserRole;
  created_at: number;
}

interface DeviceRow {
  id: string;
  user_id: string;
  install_id: string;
  name: string;
  platform: string;
  created_at: number;
  last_seen_at: number;
  revoked_at: number | null;
}

interface RefreshRow {
  token_hash: string;
  family_id: string;
  user_id: string;
  device_id: string;
  expires_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
}

const toUser = (row: UserRow): PublicUser => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  role: row.role,
  createdAt: row.created_at,
});
const toDevice = (row: DeviceRow, currentId?: string): DeviceView => ({
  id: row.id,
  name: row.name,
  platform: row.platform,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  revokedAt: row.revoked_at,
  current: row.id === currentId,
});

export interface AuthService {
  /**
   * Creates the account when the address is free. The answer is the same either way (and takes
   * as long): whether an address has an account is never told to someone who does not own it.
   */
  register(input: z.output<typeof registerRequestSchema>): Promise<void>;
  login(input: z.output<typeof loginRequestSchema>): Promise<LoginResponse>;
  refresh(refreshToken: string): Promise<SessionTokens>;
  logout(claims: AccessClaims, refreshToken?: string): Promise<void>;
  /** Ends every session of the account at once, this device's included (access tokens too). */
  logoutEverywhere(claims: AccessClaims): Promise<void>;
  /** Ends the sessions of these devices of `userId` (all when none is kept): refresh tokens and, within a request, access tokens. */
  endSessions(tx: SqlClient, userId: string, keepDeviceId?: string): Promise<void>;
  /** Checks an access token and that its device and user still exist and are not revoked. */
  authenticate(accessToken: string): Promise<AccessClaims>;
  profile(userId: string): Promise<PublicUser>;
  updateProfile(userId: string, displayName: string): Promise<PublicUser>;
  changePassword(claims: AccessClaims, currentPassword: string, newPassword: string): Promise<void>;
  listDevices(claims: AccessClaims): Promise<DeviceView[]>;
  revokeDevice(claims: AccessClaims, deviceId: string): Promise<void>;
  /** Admin use and tests: give a user a role. */
  setRole(userId: string, role: UserRole): Promise<void>;
}

/** Accounts an organization created wait for a password from its admin (organization-service.ts). */
export const NO_PASSWORD = '!no-password-until-reset';

export function createAuthService(deps: {
  db: SqlDatabase;
  signer: TokenSigner;
  now: () => number;
  maxDevices: number;
  adminEmails?: readonly string[];
  creatorsSelfServe: boolean;
}): AuthService {
  const { db, signer, now } = deps;

  async function issueTokens(
    tx: SqlClient,
    user: { id: string; role: UserRole },
    deviceId: string,
    familyId: string,
  ): Promise<SessionTokens> {
    const refresh = newRefreshToken();
    await tx.run(
      'INSERT INTO refresh_tokens (token_hash, family_id, user_id, device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      [refresh.hash, familyId, user.id, deviceId, now(), now() + REFRESH_TOKEN_DAYS * 86_400_000],
    );
    const accessToken = await signer.signAccess({ userId: user.id, role: user.role, deviceId });
    return { accessToken, expiresIn: ACCESS_TOKEN_SECONDS, refreshToken: refresh.token };
  }

  async function registerDevice(
    tx: SqlClient,
    userId: string,
    device: z.output<typeof deviceInfoSchema>,
  ): Promise<DeviceRow> {
    const existing = await tx.get<DeviceRow>('SELECT * FROM devices WHERE user_id = ? AND install_id = ?', [
      userId,
      device.installId,
    ]);
    if (!existing || existing.revoked_at !== null) {
      const active = await tx.all<DeviceRow>(
        'SELECT * FROM devices WHERE user_id = ? AND revoked_at IS NULL ORDER BY last_seen_at DESC',
        [userId],
      );
      if (active.length >= deps.maxDevices) {
        throw new DomainError(
          'DEVICE_LIMIT',
          `This account is signed in on ${active.length} devices, the most allowed. Sign out one of them first.`,
          {
            devices: active.map((row) => toDevice(row)),
          },
        );
      }
    }
    if (existing) {
      await tx.run('UPDATE devices SET name = ?, platform = ?, last_seen_at = ?, revoked_at = NULL WHERE id = ?', [
        device.name,
        device.platform,
        now(),
        existing.id,
      ]);
      return { ...existing, name: device.name, platform: device.platform, last_seen_at: now(), revoked_at: null };
    }
    const row: DeviceRow = {
      id: newId('dev'),
      user_id: userId,
      install_id: device.installId,
      name: device.name,
      platform: device.platform,
      created_at: now(),
      last_seen_at: now(),
      revoked_at: null,
    };
    await tx.run(
      'INSERT INTO devices (id, user_id, install_id, name, platform, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [row.id, row.user_id, row.install_id, row.name, row.platform, row.created_at, row.last_seen_at],
    );
    return row;
  }

  async function requireUser(userId: string): Promise<UserRow> {
    const user = await db.get<UserRow>('SELECT * FROM users WHERE id = ?', [userId]);
    if (!user) throw new DomainError('UNAUTHORIZED', 'The account no longer exists.');
    return user;
  }

  return {
    async register(input) {
      // Hashed whether or not the address is free, so both answers take as long.
      const passwordHash = await hashPassword(input.password);
      const role = deps.adminEmails?.includes(input.email.toLowerCase())
        ? 'admin'
        : input.role === 'creator' && deps.creatorsSelfServe
          ? 'creator'
          : 'learner';
      const user: UserRow = {
        id: newId('usr'),
        email: input.email,
        display_name: input.displayName,
        password_hash: passwordHash,
        role,
        created_at: now(),
      };
      await db.run(
        'INSERT INTO users (id, email, display_name, password_hash, role, created_at, updated_at, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING',
        [
          user.id,
          user.email,
          user.display_name,
          user.password_hash,
          user.role,
          user.created_at,
          user.created_at,
          user.created_at,
        ],
      );
    },

    async login(input) {
      const user = await db.get<UserRow>('SELECT * FROM users WHERE email = ?', [input.email]);
      // Unknown addresses and accounts still waiting for a password cost one real verification too.
      const usable = user !== undefined && user.password_hash !== NO_PASSWORD;
      const valid = (await verifyPassword(usable ? user.password_hash : await decoyHash(), input.password)) && usable;
      if (!user || !valid) throw new DomainError('INVALID_CREDENTIALS', 'The email or password is wrong.');
      return db.transaction(async (tx) => {
        const device = await registerDevice(tx, user.id, input.device);
        const tokens = await issueTokens(tx, user, device.id, newId('fam'));
        return { ...tokens, user: toUser(user), device: toDevice(device, device.id) };
      });
    },

    async refresh(refreshToken) {
      const tokenHash = hashRefreshToken(refreshToken);
      const outcome = await db.transaction(async (tx) => {
        const row = await tx.get<RefreshRow>('SELECT * FROM refresh_tokens WHERE token_hash = ?', [tokenHash]);
        if (!row || row.revoked_at !== null || row.expires_at <= now()) return { kind: 'invalid' as const };
        // A rotated token presented again means it leaked: end the whole family.
        const rotated = await tx.run(
          'UPDATE refresh_tokens SET rotated_at = ? WHERE token_hash = ? AND rotated_at IS NULL',
          [now(), tokenHash],
        );
        if (row.rotated_at !== null || rotated.changes === 0) {
          await tx.run('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL', [
            now(),
            row.family_id,
          ]);
          return { kind: 'reused' as const };
        }
        const device = await tx.get<DeviceRow>('SELECT * FROM devices WHERE id = ?', [row.device_id]);
        const user = await tx.get<UserRow>('SELECT * FROM users WHERE id = ?', [row.user_id]);
        if (!device || device.revoked_at !== null || !user) return { kind: 'revoked' as const };
        await tx.run('UPDATE devices SET last_seen_at = ? WHERE id = ?', [now(), device.id]);
        return { kind: 'ok' as const, tokens: await issueTokens(tx, user, device.id, row.family_id) };
      });
      if (outcome.kind === 'reused')
        throw new DomainError(
          'TOKEN_REUSED',
          'This session was ended because its refresh token was used twice. Sign in again.',
        );
      if (outcome.kind === 'revoked')
        throw new DomainError('DEVICE_REVOKED', 'This device was signed out. Sign in again.');
      if (outcome.kind === 'invalid') throw new DomainError('UNAUTHORIZED', 'The session has expired. Sign in again.');
      return outcome.tokens;
    },

    async logout(claims, refreshToken) {
      if (refreshToken) {
        const row = await db.get<RefreshRow>('SELECT * FROM refresh_tokens WHERE token_hash = ? AND user_id = ?', [
          hashRefreshToken(refreshToken),
          claims.userId,
        ]);
        if (row)
          await db.run('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL', [
            now(),
            row.family_id,
          ]);
        return;
      }
      await db.run('UPDATE refresh_tokens SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL', [
        now(),
        claims.deviceId,
      ]);
    },

    async logoutEverywhere(claims) {
      await db.transaction((tx) => this.endSessions(tx, claims.userId));
    },

    async endSessions(tx, userId, keepDeviceId) {
      const keep = keepDeviceId ?? '';
      await tx.run(
        'UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND device_id <> ? AND revoked_at IS NULL',
        [now(), userId, keep],
      );
      await tx.run('UPDATE devices SET sessions_valid_after = ? WHERE user_id = ? AND id <> ?', [now(), userId, keep]);
    },

    async authenticate(accessToken) {
      const claims = await signer.verifyAccess(accessToken);
      if (!claims) throw new DomainError('UNAUTHORIZED', 'Sign in first.');
      const device = await db.get<{ revoked_at: number | null; role: UserRole; sessions_valid_after: number }>(
        'SELECT d.revoked_at, d.sessions_valid_after, u.role FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = ? AND d.user_id = ?',
        [claims.deviceId, claims.userId],
      );
      if (!device) throw new DomainError('UNAUTHORIZED', 'Sign in first.');
      if (device.revoked_at !== null) throw new DomainError('DEVICE_REVOKED', 'This device was signed out.');
      // A password reset or a sign-out everywhere ends access tokens issued before it, not only refresh tokens.
      if (claims.issuedAtMs < Number(device.sessions_valid_after))
        throw new DomainError('UNAUTHORIZED', 'This session has ended. Sign in again.');
      // The role is read fresh, so a changed role applies without waiting for the token to expire.
      return { ...claims, role: device.role };
    },

    profile: async (userId) => toUser(await requireUser(userId)),

    async updateProfile(userId, displayName) {
      await db.run('UPDATE users SET display_name = ?, updated_at = ? WHERE id = ?', [displayName, now(), userId]);
      return toUser(await requireUser(userId));
    },

    async changePassword(claims, currentPassword, newPassword) {
      const user = await requireUser(claims.userId);
      if (!(await verifyPassword(user.password_hash, currentPassword)))
        throw new DomainError('INVALID_CREDENTIALS', 'The current password is wrong.');
      const passwordHash = await hashPassword(newPassword);
      await db.transaction(async (tx) => {
        await tx.run(
          'UPDATE users SET password_hash = ?, updated_at = ?, claimed_at = COALESCE(claimed_at, ?) WHERE id = ?',
          [passwordHash, now(), now(), user.id],
        );
        // Every other device must sign in again with the new password, at once.
        await this.endSessions(tx, user.id, claims.deviceId);
      });
    },

    async listDevices(claims) {
      const rows = await db.all<DeviceRow>(
        'SELECT * FROM devices WHERE user_id = ? ORDER BY revoked_at IS NOT NULL, last_seen_at DESC',
        [claims.userId],
      );
      return rows.map((row) => toDevice(row, claims.deviceId));
    },

    async revokeDevice(claims, deviceId) {
      await db.transaction(async (tx) => {
        const device = await tx.get<DeviceRow>('SELECT * FROM devices WHERE id = ? AND user_id = ?', [
          deviceId,
          claims.userId,
        ]);
        if (!device) throw new DomainError('NOT_FOUND', 'No such device on this account.');
        await tx.run('UPDATE devices SET revoked_at = COALESCE(revoked_at, ?), sessions_valid_after = ? WHERE id = ?', [
          now(),
          now(),
          deviceId,
        ]);
        await tx.run('UPDATE refresh_tokens SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL', [
          now(),
          deviceId,
        ]);
      });
    },

    async setRole(userId, role) {
      await db.run('UPDATE users SET role = ?, updated_at = ? WHERE id = ?', [role, now(), userId]);
    },
  };
}
