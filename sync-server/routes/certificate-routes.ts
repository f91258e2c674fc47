import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CERTIFICATE_ID, certificateRequestSchema } from '../../common/server-api/certificates.js';
import { certificatePage } from '../certificates/certificate-page.js';
import { DomainError } from '../domain/domain-error.js';
import { requireCaller } from '../http/authenticate.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';

const certificateId = z.string().regex(CERTIFICATE_ID);

/** Certificates: issued to their learner, listed for them, verified by anyone, revoked by an administrator. */
export function registerCertificateRoutes(app: FastifyInstance, context: ServerContext): void {
  const { certificates } = context;

  app.post('/v1/certificates', async (request, reply) => {
    const caller = await requireCaller(context.auth, request);
    const { courseId } = parseWith(certificateRequestSchema, request.body);
    return reply.status(201).send({ certificate: await certificates.issue(caller, courseId) });
  });

  app.get('/v1/certificates/mine', async (request) => ({
    certificates: await certificates.mine((await requireCaller(context.auth, request)).userId),
  }));

  // Public: anyone holding a certificate's id may check it; an unknown id says only "unknown".
  app.get<{ Params: { id: string } }>('/v1/certificates/:id', async (request) => {
    const parsed = certificateId.safeParse(request.params.id);
    return parsed.success ? certificates.verify(parsed.data) : { status: 'unknown' };
  });

  app.get<{ Params: { id: string } }>('/certificates/:id', async (request, reply) => {
    const parsed = certificateId.safeParse(request.params.id);
    const check = parsed.success ? await certificates.verify(parsed.data) : { status: 'unknown' as const };
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(certificatePage(check));
  });

  app.post<{ Params: { id: string } }>('/v1/admin/certificates/:id/revoke', async (request) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Administrators only.');
    return { certificate: await certificates.revoke(parseWith(certificateId, request.params.id)) };
  });
}
