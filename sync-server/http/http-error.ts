import type { FastifyError, FastifyInstance } from 'fastify';
import type { ServerErrorCode } from '../../common/server-api/auth.js';
import { DomainError } from '../domain/domain-error.js';

/** The HTTP status of each domain error code: the one place the server's errors meet HTTP. */
export const STATUS_OF_CODE: Record<ServerErrorCode, number> = {
  INVALID_INPUT: 400,
  CODE_INVALID: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_REUSED: 401,
  DEVICE_REVOKED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  DEVICE_LIMIT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/** One JSON error shape for everything: ours, Fastify's (bad JSON, too large), and the unexpected. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    if (error instanceof DomainError) {
      return reply.status(STATUS_OF_CODE[error.code]).send({
        error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      });
    }
    const status = error.statusCode ?? 500;
    if (status === 413)
      return reply
        .status(413)
        .send({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' } });
    if (status === 429)
      return reply
        .status(429)
        .send({ error: { code: 'RATE_LIMITED', message: 'Too many attempts. Try again shortly.' } });
    if (status >= 400 && status < 500)
      return reply.status(status).send({ error: { code: 'INVALID_INPUT', message: error.message } });
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'An unexpected error occurred.' } });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'Not found.' } }),
  );
}

/** Parses a body or query with a zod schema, or throws INVALID_INPUT naming the fields. */
export function parseWith<T>(
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new DomainError(
      'INVALID_INPUT',
      'The request is not valid.',
      parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}
