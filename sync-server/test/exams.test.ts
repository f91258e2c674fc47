import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { examPaperSchema } from '../../common/exercises/exam-paper.js';
import type { ExamResult } from '../../common/server-api/exams.js';
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

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** An exam whose key is full of marked strings, so a leak of any part of it is found by searching. */
const FINAL = {
  format: 'zhiku-exam',
  version: 1,
  questions: [
    {
      id: 'q1',
      type: 'single',
      prompt: 'Which sorts in place?',
      options: [
        { id: 'keyopt-wrong', text: 'merge sort' },
        { id: 'keyopt-right', text: 'heap sort' },
      ],
      correct: 'keyopt-right',
      explanation: 'KEY-EXPLANATION heap sort needs O(1) extra space.',
    },
    { id: 'q2', type: 'fill', prompt: 'Worst case of quicksort?', accepted: ['KEY-ACCEPTED-n²'] },
    { id: 'q3', type: 'fill', prompt: 'log2(1024)?', accepted: [], numeric: { value: 10, tolerance: 0 } },
    {
      id: 'q4',
      type: 'ordering',
      prompt: 'Order by growth.',
      items: ['keyitem-1', 'keyitem-2', 'keyitem-3'].map((id, i) => ({ id, text: ['1', 'log n', 'n'][i]! })),
    },
  ],
  passPercent: 75,
  attempts: 2,
  timeLimitMinutes: 30,
  shuffleOptions: true,
  secret: 'feedfacefeedfacefeedfacefeedface',
};

describe.each(BACKENDS)('exams on %s', (backend) => {
  const newDir = useTempDirs();
  const start = backendServers(backend, newDir);

  async function setUp(options: { completion?: { lessons: boolean; exercises: boolean; exams: boolean } } = {}) {
    const api = await start({ ZHIKU_DEMO_CATALOG: 'off' });
    const creator = await signUpAndIn(api, 'lin@example.com', { role: 'creator' });
    await publishCourse(api, creator, 'sorting', {
      priceAmount: 0,
      freePreview: true,
      lessonIds: ['sorting-read', 'sorting-final'],
      exams: { 'sorting-final': FINAL },
      ...options,
    });
    const learner = await signUpAndIn(api, 'mei@example.com');
    const paperBytes = await fetch(`${api.url}/v1/content/lessons/sorting-final`, {
      headers: { authorization: `Bearer ${learner.accessToken}` },
    }).then(async (r) => Buffer.from(await r.arrayBuffer()));
    return { api, creator, learner, paperBytes, paper: examPaperSchema.parse(JSON.parse(paperBytes.toString('utf8'))) };
  }

  const push = (api: TestServer, who: Session, doc: Record<string, unknown>, assumed: unknown = null) =>
    api.call<unknown[]>('POST', '/v1/sync/examsittings/push', {
      token: who.accessToken,
      body: [{ assumedMasterState: assumed, newDocumentState: { _deleted: false, ...doc } }],
    });
  const results = async (api: TestServer, who: Session) =>
    (await api.call<{ results: ExamResult[] }>('GET', '/v1/exams/results', { token: who.accessToken })).body.results;

  function sitting(who: Session, paperSha256: string, id: string, overrides: Record<string, unknown> = {}) {
    const startedAt = Date.now() - 10 * 60_000;
    return {
      id,
      userId: who.userId,
      courseId: 'sorting',
      lessonId: 'sorting-final',
      paperSha256,
      startedAt,
      answers: {},
      status: 'submitted',
      submittedAt: startedAt + 5 * 60_000,
      updatedAt: startedAt + 5 * 60_000,
      ...overrides,
    };
  }

  it('publishes a paper without any part of the key, and keeps the key on the server', async () => {
    const { api, paperBytes, paper } = await setUp();
    const text = paperBytes.toString('utf8');
    for (const secret of [
      'keyopt-',
      'KEY-EXPLANATION',
      'KEY-ACCEPTED',
      'keyitem-',
      FINAL.secret,
      '"correct"',
      '"numeric"',
    ])
      expect(text).not.toContain(secret);
    const lesson = await api.call<{ documents: { id: string; contentSha256: string; kind: string }[] }>(
      'GET',
      '/v1/sync/lessons/pull',
    );
    const published = lesson.body.documents.find((d) => d.id === 'sorting-final')!;
    expect(published.kind).toBe('exam');
    expect(published.contentSha256).toBe(sha256(paperBytes));
    expect(paper.questions.map((q) => q.type)).toEqual(['single', 'fill', 'fill', 'ordering']);
    const ordering = paper.questions[3]!;
    // The items are shown in an order derived from the secret; their ids reveal nothing.
    expect(ordering.type === 'ordering' && ordering.items.map((i) => i.text).sort()).toEqual(['1', 'log n', 'n']);
    expect(paper).toMatchObject({ passPercent: 75, attempts: 2, timeLimitMinutes: 30 });
  });

  it('grades a sealed sitting by the key, counts attempts, and voids what breaks the rules', async () => {
    const { api, learner, paper, paperBytes } = await setUp();
    const paperSha = sha256(paperBytes);
    const q1 = paper.questions[0]!;
    const q4 = paper.questions[3]!;
    if (q1.type !== 'single' || q4.type !== 'ordering') throw new Error('unexpected paper');
    const heap = q1.options.find((o) => o.text === 'heap sort')!.id;
    const inOrder = ['1', 'log n', 'n'].map((t) => q4.items.find((i) => i.text === t)!.id);

    // Answered while open (synced as it goes), then sealed.
    const open = sitting(learner, paperSha, 'sit-1', { status: 'open', submittedAt: 0 });
    expect((await push(api, learner, open)).status).toBe(200);
    expect(await results(api, learner)).toEqual([]); // open sittings are not graded
    const sealed = {
      ...open,
      answers: {
        q1: { type: 'single', optionId: heap },
        q2: { type: 'fill', text: 'wrong' },
        q3: { type: 'fill', text: '１０' },
        q4: { type: 'ordering', itemIds: inOrder },
      },
      status: 'submitted',
      submittedAt: open.startedAt + 8 * 60_000,
      updatedAt: open.startedAt + 8 * 60_000,
    };
    expect((await push(api, learner, sealed, { ...open, _deleted: false })).body).toEqual([]);

    const [first] = await results(api, learner);
    expect(first).toMatchObject({ sittingId: 'sit-1', status: 'graded', attempt: 1, right: 3, total: 4, percent: 75 });
    expect(first!.passed).toBe(true);

    // Sealed: a change, a deletion or a move to another lesson is refused and changes nothing.
    const stored = { ...sealed, _deleted: false };
    for (const change of [
      { ...sealed, answers: {} },
      { ...sealed, _deleted: true },
      { ...sealed, status: 'open', submittedAt: 0 },
    ])
      expect((await push(api, learner, change, stored)).status).toBe(403);
    // An identical retry is fine.
    expect((await push(api, learner, sealed, stored)).status).toBe(200);

    // A second attempt over time (30 minutes + grace) is void; it still uses no attempt.
    const late = sitting(learner, paperSha, 'sit-2', {
      startedAt: Date.now() - 50 * 60_000,
      submittedAt: Date.now() - 5 * 60_000,
    });
    expect((await push(api, learner, late)).status).toBe(200);
    const third = sitting(learner, paperSha, 'sit-3', { answers: { q1: { type: 'single', optionId: heap } } });
    third.startedAt += 60_000;
    third.submittedAt += 60_000;
    const fourth = sitting(learner, paperSha, 'sit-4');
    fourth.startedAt += 120_000;
    fourth.submittedAt += 120_000;
    for (const s of [third, fourth]) expect((await push(api, learner, s)).status).toBe(200);
    const all = new Map((await results(api, learner)).map((r) => [r.sittingId, r]));
    expect(all.get('sit-2')).toMatchObject({ status: 'void', voidReason: 'over-time', attempt: 0 });
    expect(all.get('sit-3')).toMatchObject({ status: 'graded', attempt: 2, right: 1, passed: false });
    expect(all.get('sit-4')).toMatchObject({ status: 'void', voidReason: 'too-many-attempts' });

    // Someone else's sitting, an unknown paper or a lesson that is not an exam: refused.
    const other = await signUpAndIn(api, 'other@example.com');
    expect((await push(api, other, { ...sitting(learner, paperSha, 'sit-x') })).status).toBe(403);
    expect((await push(api, learner, sitting(learner, sha256('forged'), 'sit-y'))).status).toBe(403);
    expect(
      (await push(api, learner, { ...sitting(learner, paperSha, 'sit-z'), lessonId: 'sorting-read' })).status,
    ).toBe(403);
    // Other learners see none of it.
    expect(await results(api, other)).toEqual([]);
  });

  it('grades two sittings raced from two devices within the attempts left, once each', async () => {
    const { api, learner, paperBytes } = await setUp();
    const paperSha = sha256(paperBytes);
    for (const id of ['a', 'b', 'c'])
      expect((await push(api, learner, sitting(learner, paperSha, `race-${id}`))).status).toBe(200);
    const raced = await Promise.all([results(api, learner), results(api, learner), results(api, learner)]);
    for (const list of raced) expect(list).toHaveLength(3);
    const verdicts = raced[0].map((r) => r.status).sort();
    expect(verdicts).toEqual(['graded', 'graded', 'void']);
    expect(
      raced[0]
        .filter((r) => r.status === 'graded')
        .map((r) => r.attempt)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('issues a certificate by the creator’s rules: the exam passed, reading not required', async () => {
    const { api, learner, paper, paperBytes } = await setUp({
      completion: { lessons: false, exercises: true, exams: true },
    });
    const request = () =>
      api.call<{ certificate?: { id: string }; error?: { details?: { missing: string[] } } }>(
        'POST',
        '/v1/certificates',
        {
          token: learner.accessToken,
          body: { courseId: 'sorting' },
        },
      );
    const early = await request();
    expect(early.status).toBe(409);
    expect(early.body.error?.details?.missing).toEqual(['sorting-final']);
    const q1 = paper.questions[0]!;
    const q4 = paper.questions[3]!;
    if (q1.type !== 'single' || q4.type !== 'ordering') throw new Error('unexpected paper');
    const answers = {
      q1: { type: 'single', optionId: q1.options.find((o) => o.text === 'heap sort')!.id },
      q2: { type: 'fill', text: 'KEY-ACCEPTED-N²' },
      q3: { type: 'fill', text: '10' },
      q4: { type: 'ordering', itemIds: ['1', 'log n', 'n'].map((t) => q4.items.find((i) => i.text === t)!.id) },
    };
    expect((await push(api, learner, sitting(learner, sha256(paperBytes), 'pass', { answers }))).status).toBe(200);
    const issued = await request();
    expect(issued.status).toBe(201);
    expect((await results(api, learner))[0]).toMatchObject({ right: 4, percent: 100, passed: true });
  });

  it('grades a sitting of an earlier paper by that paper’s key after the exam is republished', async () => {
    const { api, creator, learner, paper, paperBytes } = await setUp();
    const q1 = paper.questions[0]!;
    if (q1.type !== 'single') throw new Error('unexpected paper');
    const heap = q1.options.find((o) => o.text === 'heap sort')!.id;
    // The creator rewrites the question (merge sort is now the answer) and republishes: a new paper.
    await publishCourse(api, creator, 'sorting', {
      priceAmount: 0,
      freePreview: true,
      lessonIds: ['sorting-read', 'sorting-final'],
      exams: {
        'sorting-final': {
          ...FINAL,
          questions: [
            { ...FINAL.questions[0]!, prompt: 'Which is stable?', correct: 'keyopt-wrong' },
            ...FINAL.questions.slice(1),
          ],
        },
      },
    });
    const answers = { q1: { type: 'single', optionId: heap } };
    expect((await push(api, learner, sitting(learner, sha256(paperBytes), 'old-paper', { answers }))).status).toBe(200);
    expect((await results(api, learner))[0]).toMatchObject({ sittingId: 'old-paper', right: 1 });
  });

  it('shows an institution its members’ exam results, graded first, and no one else’s', async () => {
    const { api, learner, paper, paperBytes } = await setUp();
    const q1 = paper.questions[0]!;
    if (q1.type !== 'single') throw new Error('unexpected paper');
    const answers = { q1: { type: 'single', optionId: q1.options.find((o) => o.text === 'heap sort')!.id } };
    // Sealed and synced, never asked about: the institution's report grades it.
    expect((await push(api, learner, sitting(learner, sha256(paperBytes), 'school-1', { answers }))).status).toBe(200);
    const boss = await signUpAndIn(api, 'boss@example.com');
    await api.context.auth.setRole(boss.userId, 'admin');
    const created = await api.call<{ organization: { id: string }; invitationId: string }>(
      'POST',
      '/v1/admin/organizations',
      { token: boss.accessToken, body: { name: 'School', adminEmail: 'boss@example.com' } },
    );
    const organizationId = created.body.organization.id;
    await api.call('POST', `/v1/organizations/invitations/${created.body.invitationId}/accept`, {
      token: boss.accessToken,
      body: {},
    });
    await api.call('POST', `/v1/organizations/${organizationId}/roster`, {
      token: boss.accessToken,
      body: { csv: 'email,name\nmei@example.com,Mei\n', dryRun: false },
    });
    const invitation = (
      await api.call<{ invitations: { id: string }[] }>('GET', '/v1/organizations/invitations', {
        token: learner.accessToken,
      })
    ).body.invitations[0]!;
    await api.call('POST', `/v1/organizations/invitations/${invitation.id}/accept`, {
      token: learner.accessToken,
      body: {},
    });
    // Someone outside the school sat it too: not in the school's report.
    const outsider = await signUpAndIn(api, 'outsider@example.com');
    await push(api, outsider, sitting(outsider, sha256(paperBytes), 'outside-1', { answers }));
    const members = await api.call<{ members: { email: string; exams: unknown[] }[] }>(
      'GET',
      `/v1/organizations/${organizationId}/members`,
      { token: boss.accessToken },
    );
    expect(members.body.members.map((m) => m.email).sort()).toEqual(['boss@example.com', 'mei@example.com']);
    expect(members.body.members.find((m) => m.email === 'mei@example.com')!.exams).toEqual([
      {
        courseId: 'sorting',
        lessonId: 'sorting-final',
        title: { zh: 'Lesson 2', en: 'Lesson 2' },
        attempts: 1,
        bestPercent: 25,
        passed: false,
      },
    ]);
    // The members list is for the school's admins only (to anyone else it does not exist).
    expect(
      (await api.call('GET', `/v1/organizations/${organizationId}/members`, { token: learner.accessToken })).status,
    ).toBe(404);
  });

  it('tells the creator how each exam question is answered, from graded sittings only, by the paper’s key', async () => {
    const { api, creator, learner, paper, paperBytes } = await setUp();
    const q1 = paper.questions[0]!;
    if (q1.type !== 'single') throw new Error('unexpected paper');
    const option = (text: string) => q1.options.find((o) => o.text === text)!.id;
    const other = await signUpAndIn(api, 'lei@example.com');
    const sha = sha256(paperBytes);
    // Mei: heap sort (right) and a wrong fill-in; Lei: merge sort (wrong), nothing else.
    await push(
      api,
      learner,
      sitting(learner, sha, 'stats-1', {
        answers: { q1: { type: 'single', optionId: option('heap sort') }, q2: { type: 'fill', text: 'n log n' } },
      }),
    );
    await push(
      api,
      other,
      sitting(other, sha, 'stats-2', { answers: { q1: { type: 'single', optionId: option('merge sort') } } }),
    );
    // An open sitting says nothing yet.
    await push(
      api,
      other,
      sitting(other, sha, 'stats-3', { status: 'open', submittedAt: 0, answers: { q3: { type: 'fill', text: '10' } } }),
    );
    const report = await api.call<{
      lessons: {
        kind: string;
        learners: number;
        questions: {
          questionId: string;
          answers: number;
          right: number;
          commonWrong: { label: string } | null;
          stoppedHere: number;
        }[];
      }[];
    }>('GET', '/v1/creator/courses/sorting/question-stats', { token: creator.accessToken });
    expect(report.status).toBe(200);
    const exam = report.body.lessons.find((l) => l.kind === 'exam')!;
    expect(exam.learners).toBe(2);
    const byId = new Map(exam.questions.map((q) => [q.questionId, q]));
    expect(byId.get('q1')).toMatchObject({
      answers: 2,
      right: 1,
      commonWrong: { label: 'merge sort' },
      stoppedHere: 0,
    });
    expect(byId.get('q2')).toMatchObject({ answers: 1, right: 0, commonWrong: { label: 'n log n' }, stoppedHere: 1 });
    expect(byId.get('q3')).toMatchObject({ answers: 0, stoppedHere: 2 });
    // Counts only: no learner's id or address in it.
    expect(JSON.stringify(report.body)).not.toContain(learner.userId);
    expect(JSON.stringify(report.body)).not.toContain('mei@example.com');
  });
});
