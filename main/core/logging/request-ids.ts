import { randomBytes } from 'node:crypto';
import type { Logger } from './core-logger.js';

/**
 * Every call to the server carries an `x-request-id` the server logs too, and what fails is
 * logged here with the same id: one id finds a request on both sides.
 */
export function withRequestIds(fetchImpl: typeof fetch, log: Logger): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has('x-request-id')) headers.set('x-request-id', randomBytes(9).toString('base64url'));
    const requestId = headers.get('x-request-id') ?? '';
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const url = new URL(input instanceof Request ? input.url : String(input));
    const target = `${method} ${url.pathname}`;
    try {
      const response = await fetchImpl(input, { ...init, headers });
      if (response.status >= 500)
        log.warn('the server answered with an error', { request: target, status: response.status, requestId });
      return response;
    } catch (error) {
      // A pause (abort) is the learner's choice, not a failure; a timeout is.
      const paused =
        init?.signal?.aborted === true &&
        (init.signal.reason as { name?: string } | undefined)?.name !== 'TimeoutError';
      if (!paused) log.warn('the server could not be reached', { request: target, requestId, error });
      throw error;
    }
  };
}
