import type { FastifyRequest } from 'fastify';
import type { AuthService } from '../accounts/auth-service.js';
import type { AccessClaims } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';

export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** Each request is authenticated once: the policy gate and the handler share the answer. */
const verified = new WeakMap<FastifyRequest, Promise<AccessClaims>>();

/** The caller's verified identity, or UNAUTHORIZED. */
export async function requireCaller(auth: AuthService, request: FastifyRequest): Promise<AccessClaims> {
  let claims = verified.get(request);
  if (!claims) {
    const token = bearerTokenOf(request);
    if (!token) throw new DomainError('UNAUTHORIZED', 'Sign in first.');
    claims = auth.authenticate(token);
    verified.set(request, claims);
  }
  return claims;
}

/** The caller's identity if a token is given (it must then be valid), or null for anonymous requests. */
export async function optionalCaller(auth: AuthService, request: FastifyRequest): Promise<AccessClaims | null> {
  return request.headers.authorization === undefined ? null : requireCaller(auth, request);
}
