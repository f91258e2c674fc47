import type { ServerErrorCode } from '../../common/server-api/auth.js';

/**
 * An error the server's services raise on purpose: what went wrong, in the contract's
 * words (`ServerErrorCode`). Services know nothing of HTTP; the edge (http/http-error.ts)
 * maps each code to its status, and the code and message reach the client as they are.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ServerErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
