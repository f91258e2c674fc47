import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CourseDoc, CourseDraftDoc, LessonDoc } from '../../common/collections/index.js';
import { demoCatalogPath, useTempDirs } from '../../tests/helpers.js';
import { entitlementId } from '../payments/entitlements.js';
import { sampleDocument } from './sample-documents.js';
import { signUpAndIn, startTestServer, type Session, type TestServer } from './server-harness.js';

const newDir = useTempDirs();
const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
async function server(env: Record<string, string> = {}) {
  const started = await startTestServer(newDir(), { ZHIKU_DEMO_CATALOG: 'off', ...env });
  servers.push(started);
  return started;
}
const pdf = readFileSync(join(demoCatalogPath, '..', 'media/algo-l3.pdf'));
const pdfSha = createHash('sha256').update(pdf).digest('hex');
const text = (zh: string, en = zh) => ({ zh, en });

function draft(
  creatorId: string,
  draftRevision: number,
  patch: Partial<CourseDraftDoc> = {},
): CourseDraftDoc & { _deleted: boolean } {
  return {
    id: 'my-course',
    creatorId,
    title: text('我的算法课', 'My algorithms course'),
    subtitle: text('副标题'),
    description: text('一门新课'),
    categoryId: 'programming',
    categoryName: text('编程', 'Programming'),
    tags: ['算法'],
    language: 'zh-CN',
    level: 'beginner',
    priceAmount: 4900,
    currency: 'CNY',
    sections: [{ id: 'sec-1', title: text('第一章'), lessonIds: ['my-l1', 'my-l2'] }],
    lessons: [
      {
        id: 'my-l1',
        kind: 'text',
        title: text('开篇'),
        freePreview: true,
        durationSeconds: 300,
        text: '# 开篇\n\n欢迎。',
      },
      {
        id: 'my-l2',
        kind: 'pdf',
        title: text('讲义'),
        freePreview: false,
        durationSeconds: 600,
        media: { sha256: pdfSha, bytes: pdf.length, mime: 'application/pdf', fileName: 'handout.pdf' },
      },
    ],
    draftRevision,
    state: 'draft',
    updatedAt: draftRevision,
    _deleted: false,
    ...patch,
  };
}

async function creatorWithDraft(api: TestServer) {
  const creator = await signUpAndIn(api, 'maker@example.com');
  expect((await api.call('POST', '/v1/me/creator', { token: creator.accessToken })).body).toMatchObject({
    user: { role: 'creator' },
  });
  const first = draft(creator.userId, 1);
  expect(
    (
      await api.call('POST', '/v1/sync/coursedrafts/push', {
        token: creator.accessToken,
        body: [{ assumedMasterState: null, newDocumentState: first }],
      })
    ).status,
  ).toBe(200);
  return { creator, first };
}

async function upload(api: TestServer, creator: Session) {
  const started = await api.call<{ uploadId: string }>('POST', '/v1/content/uploads', {
    token: creator.accessToken,
    body: { lessonId: 'my-l2', courseId: 'my-course', bytes: pdf.length, sha256: pdfSha, mime: 'application/pdf' },
  });
  expect(started.status).toBe(201);
  const put = await fetch(`${api.url}/v1/content/uploads/${started.body.uploadId}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${creator.accessToken}`,
      'content-type': 'application/octet-stream',
      'upload-offset': '0',
    },
    body: pdf,
  });
  expect(await put.json()).toMatchObject({ complete: true });
}

type Pulled = { documents: Record<string, unknown>[] };
const pull = async (api: TestServer, collection: string, token?: string) =>
  (await api.call<Pulled>('GET', `/v1/sync/${collection}/pull?seq=0&limit=500`, { token })).body.documents;

describe('publishing a draft', () => {
  it('shows learners exactly the published version; later edits stay draft until published again', async () => {
    const api = await server();
    const { creator, first } = await creatorWithDraft(api);
    const learner = await signUpAndIn(api, 'learner@example.com');
    // Drafts never reach anyone else, and nothing is in the catalog yet.
    expect(await pull(api, 'coursedrafts', learner.accessToken)).toEqual([]);
    expect(await pull(api, 'courses')).toEqual([]);

    // Media missing: refused with the reason, nothing written.
    const early = await api.call<{ error: { details: string[] } }>('POST', '/v1/creator/courses/my-course/publish', {
      token: creator.accessToken,
      body: { draftRevision: 1 },
    });
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.body)).toContain('lesson-media-missing');
    expect(await pull(api, 'courses')).toEqual([]);

    await upload(api, creator);
    const published = await api.call('POST', '/v1/creator/courses/my-course/publish', {
      token: creator.accessToken,
      body: { draftRevision: 1 },
    });
    expect(published.status).toBe(200);
    const [course] = (await pull(api, 'courses')) as unknown as CourseDoc[];
    expect(course).toMatchObject({
      id: 'my-course',
      status: 'published',
      title: text('我的算法课', 'My algorithms course'),
      lessonCount: 2,
      durationSeconds: 900,
      priceAmount: 4900,
    });
    const lessons = (await pull(api, 'lessons')) as unknown as LessonDoc[];
    expect(lessons.map((l) => [l.id, l.position, l.kind])).toEqual([
      ['my-l1', 0, 'text'],
      ['my-l2', 1, 'pdf'],
    ]);
    // The free text lesson is readable by anyone, as published.
    const preview = await fetch(`${api.url}/v1/content/lessons/my-l1`);
    expect(await preview.text()).toBe('# 开篇\n\n欢迎。');
    expect((await fetch(`${api.url}/v1/content/lessons/my-l2`)).status).toBe(401);

    // A later edit is synced to the creator's devices but stays a draft.
    const second = draft(creator.userId, 2, {
      title: text('改过的标题'),
      lessons: [{ ...first.lessons[0]!, text: '新的正文' }, first.lessons[1]!],
    });
    expect(
      (
        await api.call('POST', '/v1/sync/coursedrafts/push', {
          token: creator.accessToken,
          body: [{ assumedMasterState: first, newDocumentState: second }],
        })
      ).status,
    ).toBe(200);
    expect(((await pull(api, 'courses')) as unknown as CourseDoc[])[0]!.title.zh).toBe('我的算法课');
    expect(await (await fetch(`${api.url}/v1/content/lessons/my-l1`)).text()).toBe('# 开篇\n\n欢迎。');

    // Publishing an outdated revision is refused; the current one goes live.
    expect(
      (
        await api.call('POST', '/v1/creator/courses/my-course/publish', {
          token: creator.accessToken,
          body: { draftRevision: 1 },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api.call('POST', '/v1/creator/courses/my-course/publish', {
          token: creator.accessToken,
          body: { draftRevision: 2 },
        })
      ).status,
    ).toBe(200);
    expect(((await pull(api, 'courses')) as unknown as CourseDoc[])[0]!.title.zh).toBe('改过的标题');
    expect(await (await fetch(`${api.url}/v1/content/lessons/my-l1`)).text()).toBe('新的正文');

    // Unpublishing hides it from new buyers (archived), it does not delete it.
    expect(
      (await api.call('POST', '/v1/creator/courses/my-course/unpublish', { token: creator.accessToken })).status,
    ).toBe(200);
    expect(((await pull(api, 'courses')) as unknown as CourseDoc[])[0]).toMatchObject({ status: 'archived' });
    expect(
      (await api.call('POST', '/v1/orders', { token: learner.accessToken, body: { courseIds: ['my-course'] } })).status,
    ).toBeGreaterThanOrEqual(400);
  });

  it('lets only creators publish their own drafts, and honours manual approval', async () => {
    const api = await server();
    const { creator } = await creatorWithDraft(api);
    const learner = await signUpAndIn(api, 'learner@example.com');
    expect(
      (
        await api.call('POST', '/v1/creator/courses/my-course/publish', {
          token: learner.accessToken,
          body: { draftRevision: 1 },
        })
      ).status,
    ).toBe(403);
    const other = await signUpAndIn(api, 'other@example.com');
    await api.call('POST', '/v1/me/creator', { token: other.accessToken });
    expect(
      (
        await api.call('POST', '/v1/creator/courses/my-course/publish', {
          token: other.accessToken,
          body: { draftRevision: 1 },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.call('POST', '/v1/creator/courses/my-course/publish', {
          token: creator.accessToken,
          body: { draftRevision: -1 },
        })
      ).status,
    ).toBe(400);
    // Someone else's draft lesson takes no uploads.
    expect(
      (
        await api.call('POST', '/v1/content/uploads', {
          token: other.accessToken,
          body: {
            lessonId: 'my-l2',
            courseId: 'my-course',
            bytes: pdf.length,
            sha256: pdfSha,
            mime: 'application/pdf',
          },
        })
      ).status,
    ).toBe(403);

    const manual = await server({ ZHIKU_CREATOR_APPROVAL: 'manual' });
    const hopeful = await signUpAndIn(manual, 'hopeful@example.com');
    expect((await manual.call('POST', '/v1/me/creator', { token: hopeful.accessToken })).status).toBe(403);
    const boss = await signUpAndIn(manual, 'boss@example.com');
    await manual.context.auth.setRole(boss.userId, 'admin');
    expect(
      (
        await manual.call('POST', `/v1/admin/users/${hopeful.userId}/role`, {
          token: boss.accessToken,
          body: { role: 'creator' },
        })
      ).body,
    ).toMatchObject({ user: { role: 'creator' } });
    expect(
      (
        await manual.call('POST', `/v1/admin/users/${hopeful.userId}/role`, {
          token: hopeful.accessToken,
          body: { role: 'learner' },
        })
      ).status,
    ).toBe(403);
  });

  it('tells a creator how many learners each course has and their average progress, without naming them', async () => {
    const api = await server();
    const { creator } = await creatorWithDraft(api);
    await upload(api, creator);
    expect(
      (
        await api.call('POST', '/v1/creator/courses/my-course/publish', {
          token: creator.accessToken,
          body: { draftRevision: 1 },
        })
      ).status,
    ).toBe(200);
    const learners = await Promise.all(['a@example.com', 'b@example.com'].map((email) => signUpAndIn(api, email)));
    for (const learner of learners) {
      await api.context.documents.writeAsServer(
        'entitlements',
        {
          ...sampleDocument('entitlements', learner.userId, learner.userId),
          id: entitlementId(learner.userId, 'my-course'),
          courseId: 'my-course',
        },
        { ownerId: learner.userId, isPublic: false },
      );
    }
    const progress = {
      id: `${learners[0]!.userId}:my-course`,
      userId: learners[0]!.userId,
      courseId: 'my-course',
      lessons: [],
      completion: 0.5,
      updatedAt: 1,
      _deleted: false,
    };
    expect(
      (
        await api.call('POST', '/v1/sync/progress/push', {
          token: learners[0]!.accessToken,
          body: [{ assumedMasterState: null, newDocumentState: progress }],
        })
      ).status,
    ).toBe(200);
    const report = await api.call<{ courses: unknown[] }>('GET', '/v1/creator/learners', {
      token: creator.accessToken,
    });
    expect(report.body.courses).toEqual([{ courseId: 'my-course', learners: 2, averageCompletion: 0.25 }]);
    expect(JSON.stringify(report.body)).not.toContain(learners[0]!.userId);
    expect((await api.call('GET', '/v1/creator/learners', { token: learners[0]!.accessToken })).status).toBe(403);
  });

  it('publishes a cover image that anyone can fetch once the course is public, and only an image', async () => {
    const api = await server();
    const { creator, first } = await creatorWithDraft(api);
    await upload(api, creator);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    const sendCover = async (bytes: Buffer, mime: string) => {
      const started = await api.call<{ uploadId: string }>('POST', '/v1/content/uploads', {
        token: creator.accessToken,
        body: {
          lessonId: 'cover',
          courseId: 'my-course',
          target: 'cover',
          bytes: bytes.length,
          sha256: sha(bytes),
          mime,
        },
      });
      if (started.status !== 201) return started.status;
      const put = await fetch(`${api.url}/v1/content/uploads/${started.body.uploadId}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${creator.accessToken}`,
          'content-type': 'application/octet-stream',
          'upload-offset': '0',
        },
        body: bytes,
      });
      return put.status;
    };
    expect(await sendCover(png, 'image/gif')).toBe(400);
    expect(await sendCover(Buffer.alloc(100, 1), 'image/png')).toBe(400); // not a PNG inside
    expect(await sendCover(png, 'image/png')).toBe(200);
    // Not public yet: only its creator sees it.
    expect((await fetch(`${api.url}/v1/content/covers/my-course`)).status).toBe(404);
    const ownPreview = await fetch(`${api.url}/v1/content/covers/my-course`, {
      headers: { authorization: `Bearer ${creator.accessToken}` },
    });
    expect(ownPreview.status).toBe(200);
    // Only its creator may see it yet: no shared cache may keep it.
    expect(ownPreview.headers.get('cache-control')).toBe('private, no-cache');

    const withCover = {
      ...draft(creator.userId, 2),
      cover: { sha256: sha(png), bytes: png.length, mime: 'image/png' as const },
    };
    expect(
      (
        await api.call('POST', '/v1/sync/coursedrafts/push', {
          token: creator.accessToken,
          body: [{ assumedMasterState: first, newDocumentState: withCover }],
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.call('POST', '/v1/creator/courses/my-course/publish', {
          token: creator.accessToken,
          body: { draftRevision: 2 },
        })
      ).status,
    ).toBe(200);
    expect(((await pull(api, 'courses')) as unknown as CourseDoc[])[0]!.cover).toEqual({
      sha256: sha(png),
      bytes: png.length,
      mime: 'image/png',
    });
    const cover = await fetch(`${api.url}/v1/content/covers/my-course`);
    expect(cover.status).toBe(200);
    expect(cover.headers.get('content-type')).toBe('image/png');
    expect(cover.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
    expect(Buffer.from(await cover.arrayBuffer()).equals(png)).toBe(true);
    expect(
      (await fetch(`${api.url}/v1/content/covers/my-course`, { headers: { 'if-none-match': `"${sha(png)}"` } })).status,
    ).toBe(304);
  });
});
