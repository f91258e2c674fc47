import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoCatalogPath, useTempDirs } from '../../tests/helpers.js';
import { entitlementSignedText, splitSignature } from '../../common/entitlement-payload.js';
import { sampleDocument } from './sample-documents.js';
import { signUpAndIn, startTestServer, type Session, type TestServer } from './server-harness.js';

const newDir = useTempDirs();
const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
async function server() {
  const started = await startTestServer(newDir());
  servers.push(started);
  return started;
}
const catalogFile = (file: string) => readFileSync(join(demoCatalogPath, '..', file));

async function fetchContent(api: TestServer, lessonId: string, headers: Record<string, string> = {}, method = 'GET') {
  const response = await fetch(`${api.url}/v1/content/lessons/${lessonId}`, { method, headers });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

async function admin(api: TestServer): Promise<Session> {
  const session = await signUpAndIn(api, `admin-${Math.random().toString(36).slice(2)}@example.com`);
  await api.context.auth.setRole(session.userId, 'admin');
  return session;
}

describe('lesson content', () => {
  it('serves a free preview to anyone, with a strong ETag, ranges and conditional requests', async () => {
    const api = await server();
    const video = catalogFile('media/algo-l2.webm');
    const sha = createHash('sha256').update(video).digest('hex');

    const whole = await fetchContent(api, 'algo-l2');
    expect(whole.status).toBe(200);
    expect(whole.body.equals(video)).toBe(true);
    expect(whole.headers.get('etag')).toBe(`"${sha}"`);
    expect(whole.headers.get('content-type')).toBe('video/webm');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');

    const part = await fetchContent(api, 'algo-l2', { range: 'bytes=100-1099' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1099/${video.length}`);
    expect(part.body.equals(video.subarray(100, 1100))).toBe(true);

    const tail = await fetchContent(api, 'algo-l2', { range: 'bytes=-10' });
    expect(tail.body.equals(video.subarray(video.length - 10))).toBe(true);
    expect((await fetchContent(api, 'algo-l2', { range: `bytes=${video.length}-` })).status).toBe(416);
    expect((await fetchContent(api, 'algo-l2', { 'if-none-match': `"${sha}"` })).status).toBe(304);
    // A range against a changed file (If-Range mismatch) gets the whole file.
    expect((await fetchContent(api, 'algo-l2', { range: 'bytes=0-9', 'if-range': '"stale"' })).status).toBe(200);
    const head = await fetchContent(api, 'algo-l2', {}, 'HEAD');
    expect([head.status, head.headers.get('content-length'), head.body.length]).toEqual([200, String(video.length), 0]);
  });

  it('serves a paid lesson only to the entitled, and stops when the entitlement is revoked', async () => {
    const api = await server();
    const learner = await signUpAndIn(api, 'buyer@example.com');
    const boss = await admin(api);
    const paid = 'algo-l3';
    expect((await fetchContent(api, paid)).status).toBe(401);
    expect((await fetchContent(api, paid, { authorization: `Bearer ${learner.accessToken}` })).status).toBe(403);
    expect((await fetchContent(api, 'no-such-lesson', { authorization: `Bearer ${learner.accessToken}` })).status).toBe(
      404,
    );

    expect(
      (
        await api.call('POST', '/v1/admin/entitlements', {
          token: learner.accessToken,
          body: { userId: learner.userId, courseId: 'algorithms-intro' },
        })
      ).status,
    ).toBe(403);
    const grant = await api.call<{
      entitlement: { id: string; userId: string; courseId: string; grantedAt: number; signature: string };
    }>('POST', '/v1/admin/entitlements', {
      token: boss.accessToken,
      body: { userId: learner.userId, courseId: 'algorithms-intro' },
    });
    expect(grant.status).toBe(201);
    const ok = await fetchContent(api, paid, { authorization: `Bearer ${learner.accessToken}` });
    expect(ok.status).toBe(200);
    expect(ok.body.equals(catalogFile('media/algo-l3.pdf'))).toBe(true);

    // Devices check the signature offline with the server's public key.
    // Devices check the signature offline with the key its id names (GET /v1/keys; the active one alone at /v1/keys/entitlements).
    const pem = await (await fetch(`${api.url}/v1/keys/entitlements`)).text();
    const { entitlement } = grant.body;
    const { keyId, value } = splitSignature(entitlement.signature);
    const set = (await (await fetch(`${api.url}/v1/keys`)).json()) as {
      active: string;
      keys: { kid: string; publicKeyPem: string }[];
    };
    expect(keyId).toBe(set.active);
    expect(set.keys.find((k) => k.kid === keyId)?.publicKeyPem).toBe(pem);
    expect(
      verify(
        null,
        Buffer.from(entitlementSignedText(entitlement, keyId)),
        createPublicKey(pem),
        Buffer.from(value, 'base64url'),
      ),
    ).toBe(true);
    expect(
      verify(
        null,
        Buffer.from(entitlementSignedText({ ...entitlement, courseId: 'other' }, keyId)),
        createPublicKey(pem),
        Buffer.from(value, 'base64url'),
      ),
    ).toBe(false);

    await api.call('POST', '/v1/admin/entitlements/revoke', {
      token: boss.accessToken,
      body: { userId: learner.userId, courseId: 'algorithms-intro' },
    });
    expect((await fetchContent(api, paid, { authorization: `Bearer ${learner.accessToken}` })).status).toBe(403);
    const pulled = await api.call<{ documents: { revokedAt?: number }[] }>('GET', '/v1/sync/entitlements/pull', {
      token: learner.accessToken,
    });
    expect(pulled.body.documents[0]?.revokedAt).toBeGreaterThan(0);
  });
});

describe('uploads', () => {
  async function creatorWithLesson(api: TestServer, kind: 'pdf' | 'video' = 'pdf') {
    const creator = await signUpAndIn(api, `creator-${kind}@example.com`, { role: 'creator' });
    // The lesson exists in the creator's synced draft so far (uploads come before publishing).
    const lesson = {
      id: 'lesson-up',
      kind,
      title: { zh: '讲义', en: 'Handout' },
      freePreview: false,
      durationSeconds: 60,
    };
    const draft = {
      ...sampleDocument('coursedrafts', creator.userId, 'up'),
      sections: [{ id: 'sec-up', title: { zh: '一', en: 'One' }, lessonIds: [lesson.id] }],
      lessons: [lesson],
    };
    expect(
      (
        await api.call('POST', '/v1/sync/coursedrafts/push', {
          token: creator.accessToken,
          body: [{ newDocumentState: draft }],
        })
      ).status,
    ).toBe(200);
    return { creator, lessonId: lesson.id, courseId: 'course-up' };
  }
  const put = (api: TestServer, token: string, uploadId: string, offset: number, chunk: Buffer) =>
    fetch(`${api.url}/v1/content/uploads/${uploadId}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        'upload-offset': String(offset),
      },
      body: chunk,
    }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as {
        received?: number;
        complete?: boolean;
        error?: { code: string; details?: { received: number } };
      },
    }));

  it('resume after an interruption and publish byte-identical content', async () => {
    const api = await server();
    const { creator, lessonId, courseId } = await creatorWithLesson(api);
    const pdf = catalogFile('media/ui-l3.pdf');
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const started = await api.call<{ uploadId: string; received: number }>('POST', '/v1/content/uploads', {
      token: creator.accessToken,
      body: { lessonId, courseId, bytes: pdf.length, sha256, mime: 'application/pdf' },
    });
    expect(started.status).toBe(201);
    const { uploadId } = started.body;

    const third = Math.floor(pdf.length / 3);
    expect((await put(api, creator.accessToken, uploadId, 0, pdf.subarray(0, third))).body).toMatchObject({
      received: third,
      complete: false,
    });
    // The client lost track and tries to resend from 0: the server says where to resume.
    const wrongOffset = await put(api, creator.accessToken, uploadId, 0, pdf.subarray(0, third));
    expect(wrongOffset.status).toBe(409);
    expect(wrongOffset.body.error?.details?.received).toBe(third);
    expect(
      (await api.call('GET', `/v1/content/uploads/${uploadId}`, { token: creator.accessToken })).body,
    ).toMatchObject({ received: third });
    expect((await put(api, creator.accessToken, uploadId, third, pdf.subarray(third))).body).toMatchObject({
      received: pdf.length,
      complete: true,
    });

    // Stored for the draft's lesson, byte for byte (it is served once the course is published: publishing.test.ts).
    const stored = await api.context.db.get<{ sha256: string; course_id: string }>(
      'SELECT sha256, course_id FROM lesson_content WHERE lesson_id = ?',
      [lessonId],
    );
    expect(stored).toEqual({ sha256, course_id: courseId });
    expect(readFileSync(join(api.context.config.contentDir, 'objects', sha256.slice(0, 2), sha256)).equals(pdf)).toBe(
      true,
    );
  });

  it('refuse the wrong type, the wrong size, a wrong hash, and other creators’ lessons', async () => {
    const api = await server();
    const { creator, lessonId: draftLesson, courseId } = await creatorWithLesson(api);
    const lessonId = draftLesson;
    const start = (body: object, token = creator.accessToken) =>
      api.call<{ uploadId: string; error: { code: string } }>('POST', '/v1/content/uploads', {
        token,
        body: { courseId, ...body },
      });
    const fake = Buffer.from('not a pdf at all, just text pretending');
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

    expect((await start({ lessonId, bytes: 10, sha256: sha(fake), mime: 'video/mp4' })).body.error.code).toBe(
      'INVALID_INPUT',
    );
    expect(
      (await start({ lessonId, bytes: 300 * 1024 * 1024, sha256: sha(fake), mime: 'application/pdf' })).status,
    ).toBe(413);
    const stranger = await signUpAndIn(api, 'stranger@example.com', { role: 'creator' });
    expect(
      (await start({ lessonId, bytes: fake.length, sha256: sha(fake), mime: 'application/pdf' }, stranger.accessToken))
        .status,
    ).toBe(403);

    // Bytes that are not a PDF are refused at the end, and nothing is published.
    const typed = await start({ lessonId, bytes: fake.length, sha256: sha(fake), mime: 'application/pdf' });
    expect((await put(api, creator.accessToken, typed.body.uploadId, 0, fake)).status).toBe(400);
    // A hash that does not match is refused.
    const pdf = catalogFile('media/ui-l3.pdf');
    const mismatch = await start({ lessonId, bytes: pdf.length, sha256: sha(fake), mime: 'application/pdf' });
    expect((await put(api, creator.accessToken, mismatch.body.uploadId, 0, pdf)).status).toBe(400);
    // More bytes than announced are refused.
    const small = await start({ lessonId, bytes: 10, sha256: sha(pdf.subarray(0, 10)), mime: 'application/pdf' });
    expect((await put(api, creator.accessToken, small.body.uploadId, 0, pdf.subarray(0, 100))).status).toBe(413);

    expect((await fetchContent(api, lessonId, { authorization: `Bearer ${creator.accessToken}` })).status).toBe(404);
  });
});
