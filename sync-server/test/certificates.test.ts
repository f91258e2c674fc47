import { afterAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/helpers.js';
import {
  BACKENDS,
  backendServers,
  publishCourse,
  signUpAndIn,
  stopSharedPostgres,
  type Session,
  type TestServer,
} from './server-harness.js';

afterAll(stopSharedPostgres, 60_000);

const QUIZ = {
  format: 'zhiku-exercise',
  version: 1,
  questions: ['q1', 'q2'].map((id) => ({ id, type: 'truefalse', prompt: id, correct: true })),
  shuffleOptions: true,
  mastery: { kind: 'all-correct' },
};

describe.each(BACKENDS)('certificates on %s', (backend) => {
  const newDir = useTempDirs();
  const start = backendServers(backend, newDir);
  const server = () => start({ ZHIKU_DEMO_CATALOG: 'off' });
  const push = (api: TestServer, who: Session, collection: string, doc: Record<string, unknown>) =>
    api.call('POST', `/v1/sync/${collection}/push`, {
      token: who.accessToken,
      body: [{ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } }],
    });

  it('issues a signed certificate only once the server’s own records say complete, verifiable by anyone', async () => {
    const api = await server();
    const creator = await signUpAndIn(api, 'lin@example.com', { role: 'creator' });
    await publishCourse(api, creator, 'sorting', {
      priceAmount: 0,
      freePreview: true,
      lessonIds: ['sorting-read', 'sorting-quiz'],
      exercises: { 'sorting-quiz': QUIZ },
      title: '排序',
    });
    const mei = await signUpAndIn(api, 'mei@example.com');
    const request = () =>
      api.call<{ certificate: { id: string }; error?: { details?: { missing: string[] } } }>(
        'POST',
        '/v1/certificates',
        { token: mei.accessToken, body: { courseId: 'sorting' } },
      );

    // Nothing done: refused, naming both lessons.
    const early = await request();
    expect(early.status).toBe(409);
    expect(early.body.error?.details?.missing).toEqual(['sorting-read', 'sorting-quiz']);

    // The reading lesson done (the device's progress), and the quiz answered — one answer wrong.
    await push(api, mei, 'progress', {
      id: `${mei.userId}:sorting`,
      userId: mei.userId,
      courseId: 'sorting',
      lessons: [{ lessonId: 'sorting-read', positionSeconds: 0, furthestSeconds: 0, completed: true, updatedAt: 1 }],
      completion: 0.5,
      updatedAt: 1,
    });
    const answer = (n: number, questionId: string, correct: boolean) =>
      push(api, mei, 'attempts', {
        id: `attempt-${mei.userId}-${n}`,
        userId: mei.userId,
        courseId: 'sorting',
        lessonId: 'sorting-quiz',
        questionId,
        round: 'sorting-quiz:r1',
        answer: { type: 'truefalse', value: correct },
        correct,
        at: n,
        updatedAt: n,
      });
    await answer(1, 'q1', true);
    await answer(2, 'q2', false);
    // A device claiming mastery does not make it so: the server derives it from the attempts.
    await push(api, mei, 'progress', {
      id: `${mei.userId}:sorting`,
      userId: mei.userId,
      courseId: 'sorting',
      lessons: [
        { lessonId: 'sorting-read', positionSeconds: 0, furthestSeconds: 0, completed: true, updatedAt: 2 },
        { lessonId: 'sorting-quiz', positionSeconds: 0, furthestSeconds: 0, completed: true, updatedAt: 2 },
      ],
      completion: 1,
      updatedAt: 2,
    });
    const stillOpen = await request();
    expect(stillOpen.status).toBe(409);
    expect(stillOpen.body.error?.details?.missing).toEqual(['sorting-quiz']);

    await answer(3, 'q2', true);
    const issued = await request();
    expect(issued.status).toBe(201);
    const id = issued.body.certificate.id;
    expect(issued.body.certificate).toMatchObject({ learnerName: 'mei', courseTitle: { zh: '排序' }, revokedAt: null });
    expect((await request()).body.certificate.id).toBe(id);

    // Anyone can verify it, and learns what it states and nothing more.
    const check = await api.call<{ status: string; certificate: Record<string, unknown> }>(
      'GET',
      `/v1/certificates/${id}`,
    );
    expect(check.body.status).toBe('genuine');
    expect(Object.keys(check.body.certificate).sort()).toEqual(
      ['courseId', 'courseTitle', 'creatorName', 'id', 'issuedAt', 'learnerName', 'revokedAt'].sort(),
    );
    const page = await (await fetch(`${api.url}/certificates/${id}`)).text();
    expect(page).toContain('Genuine');
    expect(page).toContain('排序');
    expect(page).not.toContain('mei@example.com');
    expect((await api.call<{ status: string }>('GET', '/v1/certificates/cert_nothere')).body.status).toBe('unknown');
    expect((await api.call<{ status: string }>('GET', '/v1/certificates/..%2Fetc')).body.status).toBe('unknown');

    // Altered in the database: no longer genuine.
    await api.context.db.run("UPDATE certificates SET learner_name = 'Someone else' WHERE id = ?", [id]);
    expect((await api.call<{ status: string }>('GET', `/v1/certificates/${id}`)).body.status).toBe('unknown');
    await api.context.db.run("UPDATE certificates SET learner_name = 'mei' WHERE id = ?", [id]);

    // The creator sees how the quiz is answered — counts only — and nobody else does.
    type Report = { lessons: { lessonId: string; learners: number; questions: Record<string, unknown>[] }[] };
    const report = await api.call<Report>('GET', '/v1/creator/courses/sorting/question-stats', {
      token: creator.accessToken,
    });
    expect(report.status).toBe(200);
    expect(report.body.lessons).toMatchObject([
      {
        lessonId: 'sorting-quiz',
        learners: 1,
        questions: [
          { questionId: 'q1', answers: 1, right: 1, commonWrong: null, stoppedHere: 0 },
          { questionId: 'q2', answers: 2, right: 1, commonWrong: { label: 'false', count: 1 }, stoppedHere: 0 },
        ],
      },
    ]);
    expect(JSON.stringify(report.body)).not.toContain(mei.userId);
    const otherCreator = await signUpAndIn(api, 'han@example.com', { role: 'creator' });
    expect(
      (await api.call('GET', '/v1/creator/courses/sorting/question-stats', { token: otherCreator.accessToken })).status,
    ).toBe(404);
    expect(
      (await api.call('GET', '/v1/creator/courses/sorting/question-stats', { token: mei.accessToken })).status,
    ).toBe(403);

    // Revoked by an administrator, and only by one.
    expect((await api.call('POST', `/v1/admin/certificates/${id}/revoke`, { token: mei.accessToken })).status).toBe(
      403,
    );
    const boss = await signUpAndIn(api, 'boss@example.com');
    await api.context.auth.setRole(boss.userId, 'admin');
    // The learner's school sees it among its members, with the exercises they mastered.
    const created = await api.call<{ organization: { id: string }; invitationId: string }>(
      'POST',
      '/v1/admin/organizations',
      { token: boss.accessToken, body: { name: 'School', adminEmail: 'boss@example.com' } },
    );
    await api.call('POST', `/v1/organizations/invitations/${created.body.invitationId}/accept`, {
      token: boss.accessToken,
      body: {},
    });
    await api.call('POST', `/v1/organizations/${created.body.organization.id}/roster`, {
      token: boss.accessToken,
      body: { csv: 'email,name\nmei@example.com,Mei\n', dryRun: false },
    });
    const invitation = (
      await api.call<{ invitations: { id: string }[] }>('GET', '/v1/organizations/invitations', {
        token: mei.accessToken,
      })
    ).body.invitations[0]!;
    await api.call('POST', `/v1/organizations/invitations/${invitation.id}/accept`, {
      token: mei.accessToken,
      body: {},
    });
    const members = await api.call<{ members: { email: string; certificates: number; exercisesMastered: number }[] }>(
      'GET',
      `/v1/organizations/${created.body.organization.id}/members`,
      { token: boss.accessToken },
    );
    expect(members.body.members.find((m) => m.email === 'mei@example.com')).toMatchObject({
      certificates: 1,
      exercisesMastered: 1,
    });
    expect((await api.call('POST', `/v1/admin/certificates/${id}/revoke`, { token: boss.accessToken })).status).toBe(
      200,
    );
    expect((await api.call<{ status: string }>('GET', `/v1/certificates/${id}`)).body.status).toBe('revoked');
    expect(
      (
        await api.call<{ certificates: { id: string; revokedAt: number | null }[] }>('GET', '/v1/certificates/mine', {
          token: mei.accessToken,
        })
      ).body.certificates,
    ).toMatchObject([{ id, revokedAt: expect.any(Number) as number }]);
  });
});
