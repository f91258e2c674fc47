import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { packKeysRequestSchema, packSignRequestSchema } from '../../common/server-api/requests.js';
import { parseByteRange } from '../content/byte-range.js';
import { uploadRequestSchema } from '../../common/server-api/requests.js';
import { optionalCaller, requireCaller } from '../http/authenticate.js';
import { DomainError } from '../domain/domain-error.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';

/**
 * What anyone may read (a public course's cover, a free preview) may sit in shared caches for a
 * minute (nginx in front of several instances, docs/deployment.md); everything else only in the
 * caller's own cache, revalidated by ETag each time. A change of mind (a preview made paid) shows
 * everywhere within that minute.
 */
export const cacheControlFor = (found: { shared: boolean }) =>
  found.shared ? 'public, max-age=60, must-revalidate' : 'private, no-cache';

const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);
/**
 * Lesson bodies and media, never replicated: served with HTTP range requests and strong
 * ETags to whoever may read them, and uploaded by creators in resumable chunks.
 */
export function registerContentRoutes(app: FastifyInstance, context: ServerContext): void {
  const { auth, content } = context;

  app.post('/v1/content/pack-keys', async (request) =>
    context.packs.keys(await optionalCaller(auth, request), parseWith(packKeysRequestSchema, request.body).lessonIds),
  );
  app.post('/v1/content/packs/sign', async (request) =>
    context.packs.sign(await requireCaller(auth, request), parseWith(packSignRequestSchema, request.body).manifest),
  );

  // Chunks stream straight to disk; the service enforces the size limits.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  app.route<{ Params: { lessonId: string } }>({
    method: ['GET', 'HEAD'],
    url: '/v1/content/lessons/:lessonId',
    handler: async (request, reply) => {
      const lessonId = parseWith(idParam, request.params.lessonId);
      const found = await content.readableContent(await optionalCaller(auth, request), lessonId);
      const etag = `"${found.sha256}"`;
      reply
        .header('etag', etag)
        .header('accept-ranges', 'bytes')
        .header('cache-control', cacheControlFor(found))
        .header('content-type', found.mime);
      reply.header('x-content-type-options', 'nosniff').header('content-disposition', 'inline');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      const ifRange = request.headers['if-range'];
      const range = ifRange && ifRange !== etag ? null : parseByteRange(request.headers.range, found.bytes);
      if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${found.bytes}`).send();
      const { start, end } = range ?? { start: 0, end: found.bytes - 1 };
      reply.header('content-length', String(end - start + 1));
      if (range) reply.status(206).header('content-range', `bytes ${start}-${end}/${found.bytes}`);
      if (request.method === 'HEAD' || found.bytes === 0) return reply.send();
      return reply.send(createReadStream(found.path, { start, end }));
    },
  });

  // Covers are small and public once the course is: cacheable by anyone, revalidated by ETag.
  app.get<{ Params: { courseId: string } }>('/v1/content/covers/:courseId', async (request, reply) => {
    const found = await content.readableCover(
      await optionalCaller(auth, request),
      parseWith(idParam, request.params.courseId),
    );
    const etag = `"${found.sha256}"`;
    reply
      .header('etag', etag)
      .header('cache-control', cacheControlFor(found))
      .header('content-type', found.mime)
      .header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.header('content-length', String(found.bytes)).send(createReadStream(found.path));
  });

  app.post('/v1/content/uploads', async (request, reply) => {
    const caller = await requireCaller(auth, request);
    return reply.status(201).send(await content.startUpload(caller, parseWith(uploadRequestSchema, request.body)));
  });

  app.get<{ Params: { uploadId: string } }>('/v1/content/uploads/:uploadId', async (request) =>
    content.uploadStatus(await requireCaller(auth, request), parseWith(idParam, request.params.uploadId)),
  );

  app.put<{ Params: { uploadId: string } }>('/v1/content/uploads/:uploadId', async (request) => {
    const caller = await requireCaller(auth, request);
    if (request.headers['content-type'] !== 'application/octet-stream')
      throw new DomainError('INVALID_INPUT', 'Send the chunk as application/octet-stream.');
    const offset = parseWith(z.coerce.number().int().min(0), request.headers['upload-offset']);
    const length =
      request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']);
    return content.appendUpload(
      caller,
      parseWith(idParam, request.params.uploadId),
      offset,
      request.body as Readable,
      length,
    );
  });
}
