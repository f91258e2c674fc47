import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthService } from '../accounts/auth-service.js';
import { requireCaller } from '../http/authenticate.js';
import { DomainError } from '../domain/domain-error.js';
import { gateOf, policyKeyOf, PolicyGapError, ROUTE_POLICY, type Gate } from './authorization-policy.js';

async function passGate(auth: AuthService, request: FastifyRequest, gate: Gate): Promise<void> {
  if (gate === 'none') return;
  const caller = await requireCaller(auth, request);
  if (gate === 'platform-admin' && caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Administrators only.');
  if (gate === 'creator' && caller.role !== 'creator' && caller.role !== 'admin')
    throw new DomainError('FORBIDDEN', 'Creators only: become a creator from your account first.');
}

/**
 * Every route gets its policy entry's account gate before its handler runs; a route registered
 * without an entry stops the server from starting (PolicyGapError).
 */
export function installPolicy(app: FastifyInstance, auth: AuthService): void {
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const key = policyKeyOf(method, route.url);
      if (!key) throw new PolicyGapError(`No authorization policy for route ${method} ${route.url}`);
      const gate = gateOf(ROUTE_POLICY[key]!);
      if (gate === 'none') continue;
      const earlier = route.preHandler;
      route.preHandler = [
        async (request: FastifyRequest) => passGate(auth, request, gate),
        ...(earlier ? [earlier].flat() : []),
      ];
    }
  });
}
