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
  'STORAGE_FULL',
  'SECRET_UNAVAILABLE',
  'INTERNAL',
  'CODE_INVALID',
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
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Whether a failure is the device's disk being full (Node's ENOSPC, SQLite's SQLITE_FULL). */
export function isDiskFull(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (
    code === 'ENOSPC' ||
    code === 'SQLITE_FULL' ||
    (typeof message === 'string' && /ENOSPC|database or disk is full|no space left on device/i.test(message))
  )
    return true;
  return cause !== undefined && cause !== error && isDiskFull(cause);
}

export const diskFullError = () =>
  new AppError('STORAGE_FULL', 'The disk is full: free up some space and try again. Nothing already saved was lost.');

/** Turns anything thrown into an ApiError without leaking stack traces across the boundary. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof AppError) return error.toApiError();
  if (isDiskFull(error)) return diskFullError().toApiError();
  return { code: 'INTERNAL', message: 'An unexpected error occurred.' };
}
