import type { z } from 'zod';
import { AppError } from '../../common/errors.js';

/**
 * Parses a server's answer with its schema (common/server-api/responses.ts): an answer of
 * another shape is a clear SERVER_ERROR naming the call, never a crash somewhere later.
 */
export function parseAnswer<S extends z.ZodType>(path: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(answer)'}: ${issue.message}`);
  throw new AppError(
    'SERVER_ERROR',
    `The server's answer to ${path.split('?')[0]} is not what this version of Zhiku expects; the server may be newer or older than the app.`,
    issues,
  );
}
