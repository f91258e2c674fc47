import { createHash, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { UserRole } from '../../common/server-api/auth.js';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_DAYS = 60;

export interface AccessClaims {
  userId: string;
  role: UserRole;
  deviceId: string;
  /** When the token was issued, in milliseconds (a session ended after it refuses the token). */
  issuedAtMs: number;
}

export interface TokenSigner {
  signAccess(claims: Omit<AccessClaims, 'issuedAtMs'>): Promise<string>;
  verifyAccess(token: string): Promise<AccessClaims | null>;
}

/** Access tokens verified at most once each while they stay valid (a device sends the same one for 15 minutes). */
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Short-lived HS256 access tokens signed with the server's secret. A token whose signature
 * checked out is remembered with its expiry, keyed by its whole text: only a byte-identical
 * token, signature included, is taken from memory, and never past its expiry.
 */
export function createTokenSigner(secret: Uint8Array, now: () => number): TokenSigner {
  const verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();
  const remember = (token: string, claims: AccessClaims, expiresAtMs: number) => {
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
    verified.set(token, { claims, expiresAtMs });
  };
  return {
    signAccess: ({ userId, role, deviceId }) =>
      new SignJWT({ role, did: deviceId, iatms: now() })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuedAt(Math.floor(now() / 1000))
        .setExpirationTime(Math.floor(now() / 1000) + ACCESS_TOKEN_SECONDS)
        .sign(secret),
    async verifyAccess(token) {
      const known = verified.get(token);
      if (known) {
        if (now() < known.expiresAtMs) return known.claims;
        verified.delete(token);
      }
      try {
        const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], currentDate: new Date(now()) });
        if (typeof payload.sub !== 'string' || typeof payload.did !== 'string' || typeof payload.role !== 'string')
          return null;
        const issuedAtMs = typeof payload.iatms === 'number' ? payload.iatms : (payload.iat ?? 0) * 1000;
        const claims = Object.freeze({
          userId: payload.sub,
          deviceId: payload.did,
          role: payload.role as UserRole,
          issuedAtMs,
        });
        // jose refuses a token without an expiry only when asked to; one without is not remembered.
        if (typeof payload.exp === 'number') remember(token, claims, payload.exp * 1000);
        return claims;
      } catch {
        return null;
      }
    },
  };
}

/** Refresh tokens are random and opaque; only their SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
