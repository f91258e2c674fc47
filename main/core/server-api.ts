import type { z } from 'zod';
import type { ServerKeySet } from '../../common/entitlement-payload.js';
import { AppError, isErrorCode } from '../../common/errors.js';
import { keySetSchema } from '../../common/server-api/responses.js';
import { parseAnswer } from './parse-answer.js';

export { parseAnswer };
import type { SessionManager } from './session/session-manager.js';

/** The core's calls to the sync server: signed-in JSON calls with the server's error code carried to the UI, and its public key. */
export function createServerApi(deps: { session: SessionManager; fetch: typeof fetch; serverUrl: () => string }) {
  async function call<S extends z.ZodType>(
    path: string,
    body: unknown,
    answer: S,
    method: 'POST' | 'GET' | 'DELETE' | 'PATCH' = 'POST',
    /** A public route: signed out, it is asked without a session. */
    open = false,
  ): Promise<z.output<S>> {
    let response: Response;
    try {
      const init: RequestInit =
        body === undefined
          ? { method }
          : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      const signal = AbortSignal.timeout(20_000);
      response =
        open && deps.session.current() === null
          ? await deps.fetch(new URL(path, deps.serverUrl()), { ...init, signal })
          : await deps.session.authorizedFetch(path, { ...init, signal });
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('SERVER_UNREACHABLE', 'The sync server cannot be reached.');
    }
    if (response.ok) {
      let value: unknown = {};
      if (response.status !== 204)
        value = await response.json().catch(() => {
          throw new AppError('SERVER_ERROR', `The server's answer to ${path.split('?')[0]} is not JSON.`);
        });
      return parseAnswer(path, answer, value);
    }
    const payload = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    const code = payload?.error?.code;
    throw new AppError(
      isErrorCode(code) ? code : 'SERVER_ERROR',
      payload?.error?.message ?? `The server answered ${response.status}.`,
    );
  }
  return {
    call,
    get: <S extends z.ZodType>(path: string, answer: S) => call(path, undefined, answer, 'GET'),
    /** A public route (the catalogue's parts fetched on demand), signed in or not. */
    publicGet: <S extends z.ZodType>(path: string, answer: S) => call(path, undefined, answer, 'GET', true),
    /** The server's signing keys with their ids (entitlements, provisioning files, packs); null when unreachable. */
    async keySet(serverUrl = deps.serverUrl()): Promise<ServerKeySet | null> {
      const response = await deps.fetch(new URL('/v1/keys', serverUrl), { signal: AbortSignal.timeout(10_000) });
      return response.ok ? parseAnswer('/v1/keys', keySetSchema, await response.json()) : null;
    },
    /** The server's active public key (PEM) alone; null when unreachable. */
    async publicKey(serverUrl = deps.serverUrl()): Promise<string | null> {
      const response = await deps.fetch(new URL('/v1/keys/entitlements', serverUrl), {
        signal: AbortSignal.timeout(10_000),
      });
      return response.ok ? response.text() : null;
    },
  };
}

export type ServerApi = ReturnType<typeof createServerApi>;
