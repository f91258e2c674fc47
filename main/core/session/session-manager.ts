import { BehaviorSubject } from 'rxjs';
import { loginResponseSchema, sessionTokensSchema } from '../../../common/server-api/responses.js';
import { parseAnswer } from '../parse-answer.js';
import { AppError } from '../../../common/errors.js';
import type { SessionState } from '../../../common/contract/session.js';
import type { Logger } from '../logging/core-logger.js';
import type { StoredSession, TokenVault } from './token-vault.js';

export interface SessionManager {
  state$: BehaviorSubject<SessionState>;
  current(): StoredSession | null;
  signUp(input: { email: string; password: string; displayName: string }): Promise<SessionState>;
  signIn(input: { email: string; password: string }): Promise<SessionState>;
  signOut(): Promise<void>;
  /** The server changed this account's role (became a creator): remember it, and tell whoever watches the session. */
  setRole(role: string): void;
  /** The person renamed themselves: remember it for the session shown everywhere. */
  setDisplayName(displayName: string): void;
  /** Asks the server to mail a reset code (answered alike for any address). */
  requestPasswordReset(email: string): Promise<void>;
  /** Sets a new password with the mailed code, then signs in with it on this device. */
  resetPassword(input: { email: string; code: string; newPassword: string }): Promise<SessionState>;
  /** Ends this account's sessions on every device, this one too. */
  signOutEverywhere(): Promise<void>;
  /** fetch with the access token; refreshes it once on 401; signs out cleanly if the server ended the session. */
  authorizedFetch(path: string, init?: RequestInit): Promise<Response>;
}

const stateOf = (session: StoredSession | null, reason?: SessionState['reason']): SessionState =>
  session
    ? {
        status: 'signed-in',
        user: {
          id: session.user.id,
          email: session.user.email,
          displayName: session.user.displayName,
          role: session.user.role,
        },
        serverUrl: session.serverUrl,
      }
    : { status: 'signed-out', ...(reason ? { reason } : {}) };

async function errorCodeOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  return body?.error?.code ?? 'SERVER_ERROR';
}

/**
 * Signs this device in and out, keeps its tokens in the vault, and refreshes them
 * silently. A device the server signed out (revoked, token reuse) becomes signed out with
 * a reason; its local data stays until the user decides what to do with it.
 */
export function createSessionManager(deps: {
  vault: TokenVault;
  /** What the vault held at start (`vault.load()`). */
  initial: StoredSession | null;
  serverUrl: () => string;
  fetch: typeof fetch;
  device: () => { installId: string; name: string; platform: 'windows' | 'macos' | 'linux' | 'web' };
  log?: Logger;
}): SessionManager {
  let session = deps.initial;
  const state$ = new BehaviorSubject<SessionState>(stateOf(session));
  let refreshing: Promise<boolean> | undefined;

  const set = (next: StoredSession | null, reason?: SessionState['reason']) => {
    session = next;
    if (next) deps.vault.save(next);
    else deps.vault.clear();
    state$.next(stateOf(next, reason));
  };

  async function call(url: string, path: string, body: unknown): Promise<Response> {
    try {
      return await deps.fetch(new URL(path, url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      throw new AppError('SERVER_UNREACHABLE', 'The sync server cannot be reached.');
    }
  }

  async function signIn(email: string, password: string): Promise<SessionState> {
    const url = deps.serverUrl();
    const response = await call(url, '/v1/auth/login', { email, password, device: deps.device() });
    if (!response.ok)
      throw new AppError(response.status === 429 ? 'RATE_LIMITED' : 'INVALID_CREDENTIALS', await errorCodeOf(response));
    const login = parseAnswer('/v1/auth/login', loginResponseSchema, await response.json());
    set({
      serverUrl: url,
      accessToken: login.accessToken,
      refreshToken: login.refreshToken,
      user: login.user,
      deviceId: login.device.id,
    });
    return state$.value;
  }

  /** Exchanges the refresh token; false when the server ended the session (then signed out). */
  function refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      const current = session;
      if (!current) return false;
      const response = await call(current.serverUrl, '/v1/auth/refresh', { refreshToken: current.refreshToken });
      if (response.ok) {
        const tokens = parseAnswer('/v1/auth/refresh', sessionTokensSchema, await response.json());
        set({ ...current, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
        return true;
      }
      if (response.status === 401) {
        const code = await errorCodeOf(response);
        set(null, code === 'DEVICE_REVOKED' ? 'revoked' : code === 'TOKEN_REUSED' ? 'reused' : 'expired');
        return false;
      }
      throw new AppError('SERVER_ERROR', `Refreshing the session failed with ${response.status}.`);
    })().finally(() => (refreshing = undefined));
    return refreshing;
  }

  return {
    state$,
    current: () => session,
    setRole(role) {
      if (session && session.user.role !== role) set({ ...session, user: { ...session.user, role } });
    },
    setDisplayName(displayName) {
      if (session && session.user.displayName !== displayName)
        set({ ...session, user: { ...session.user, displayName } });
    },
    async requestPasswordReset(email) {
      const response = await call(deps.serverUrl(), '/v1/auth/password-reset', { email });
      if (!response.ok)
        throw new AppError(response.status === 429 ? 'RATE_LIMITED' : 'INVALID_INPUT', await errorCodeOf(response));
    },
    async resetPassword(input) {
      const response = await call(deps.serverUrl(), '/v1/auth/password-reset/confirm', input);
      if (!response.ok) {
        const code = await errorCodeOf(response);
        throw new AppError(
          response.status === 429 ? 'RATE_LIMITED' : code === 'CODE_INVALID' ? 'CODE_INVALID' : 'INVALID_INPUT',
          code,
        );
      }
      return signIn(input.email, input.newPassword);
    },
    async signOutEverywhere() {
      const response = await this.authorizedFetch('/v1/auth/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ everywhere: true }),
        signal: AbortSignal.timeout(10_000),
      }).catch(() => {
        throw new AppError('SERVER_UNREACHABLE', 'The sync server cannot be reached.');
      });
      if (!response.ok && response.status !== 401)
        throw new AppError('SERVER_ERROR', `Signing out everywhere failed with ${response.status}.`);
      set(null);
    },
    async signUp(input) {
      const response = await call(deps.serverUrl(), '/v1/auth/register', input);
      if (!response.ok) {
        const code = await errorCodeOf(response);
        throw new AppError(response.status === 429 ? 'RATE_LIMITED' : 'INVALID_INPUT', code);
      }
      // The server answers sign-ups alike whether or not the address was free (no enumeration):
      // a sign-in that then fails means the address already had an account with another password.
      try {
        return await signIn(input.email, input.password);
      } catch (error) {
        if (error instanceof AppError && error.code === 'INVALID_CREDENTIALS')
          throw new AppError('EMAIL_TAKEN', 'This address may already have an account.');
        throw error;
      }
    },
    signIn: (input) => signIn(input.email, input.password),
    async signOut() {
      const current = session;
      set(null);
      if (current) {
        await deps
          .fetch(new URL('/v1/auth/logout', current.serverUrl), {
            method: 'POST',
            headers: { authorization: `Bearer ${current.accessToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({ refreshToken: current.refreshToken }),
            signal: AbortSignal.timeout(5_000),
          })
          // Signed out here either way; the server ends the session when its token expires.
          .catch((error: unknown) => deps.log?.info('the server was not told of the sign-out', { error }));
      }
    },
    async authorizedFetch(path, init = {}) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const current = session;
        if (!current) throw new AppError('UNAUTHORIZED', 'Sign in first.');
        const headers = new Headers(init.headers);
        headers.set('authorization', `Bearer ${current.accessToken}`);
        const response = await deps.fetch(new URL(path, current.serverUrl), { ...init, headers });
        if (response.status !== 401 || attempt === 1) return response;
        const code = await errorCodeOf(response.clone());
        if (code === 'DEVICE_REVOKED') {
          set(null, 'revoked');
          return response;
        }
        if (!(await refresh())) return response;
      }
      throw new AppError('INTERNAL', 'unreachable');
    },
  };
}
