/**
 * Errors that cross a boundary (core → UI, server → client) carry a stable code the UI
 * translates, and a human message for logs. Codes are never renamed, only added.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_OPERATION',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'SERVER_UNREACHABLE',
  'SERVER_ERROR',
  'STORAGE_FAILED',
  'CORE_UNAVAILABLE',
  'INVALID_CREDENTIALS',
  'EMAIL_TAKEN',
  'RATE_LIMITED',
  'OFFLINE_TOO_LONG',
  'CONFLICT',
  'SIGN_IN_REQUIRED',
  'SETTING_LOCKED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Field-level problems for INVALID_INPUT, as `path: message`. */
  issues?: string[];
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: string[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: string[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
  }

  toApiError(): ApiError {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into an ApiError without leaking stack traces across the boundary. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof AppError) return error.toApiError();
  return { code: 'INTERNAL', message: 'An unexpected error occurred.' };
}
